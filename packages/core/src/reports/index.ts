export * from "./cost-recovery";
