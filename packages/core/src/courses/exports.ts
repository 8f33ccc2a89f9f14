export * as CohortAdmin from "./admin";
export * as Calendar from "./calendar";
export * as Certificates from "./certificate";
