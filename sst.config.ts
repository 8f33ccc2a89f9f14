// The SST v2 app: its name, region, function defaults and the stacks, in dependency order.
import type { SSTConfig } from "sst";
import { Api } from "./infra/api";
import { Edge } from "./infra/edge";
import { Jobs } from "./infra/jobs";
import { Mail } from "./infra/mail";
import { Secrets } from "./infra/secrets";
import { Storage } from "./infra/storage";
import { Web } from "./infra/web";

export default {
  config(_input) {
    return { name: "rutas", region: "ca-central-1" };
  },
  stacks(app) {
    // Small minified ESM bundles on Graviton: cold starts matter on slow rural links.
    app.setDefaultFunctionProps({
      runtime: "nodejs22.x",
      architecture: "arm_64",
      // @jsquash/webp reads its .wasm from node_modules, so it is installed beside the bundle (decision 0017).
      nodejs: { minify: true, install: ["@jsquash/webp"] },
    });
    // CloudFront's web ACL must live in us-east-1 and SST v2 keeps every stack in one region: the
    // edge limits are a deploy of their own, `--region us-east-1` (decision 0014).
    if (app.region === "us-east-1") return void app.stack(Edge);
    app.stack(Storage).stack(Secrets).stack(Mail).stack(Api).stack(Web).stack(Jobs);
  },
} satisfies SSTConfig;
