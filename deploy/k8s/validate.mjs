// Validates every manifest in this directory against its schema: kubernetes-models' validate() checks an object
// with the JSON schema of its apiVersion/kind (generated from the Kubernetes OpenAPI spec and Argo Rollouts' CRDs).
// Prints one line per document; exits 1 when any is invalid or of a kind it does not know.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { Job } from "kubernetes-models/batch/v1";
import { PersistentVolumeClaim } from "kubernetes-models/v1";
import { AnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1";

const kinds = {
  "batch/v1/Job": Job,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "argoproj.io/v1alpha1/AnalysisTemplate": AnalysisTemplate,
};
const dir = process.argv[2] ?? new URL(".", import.meta.url).pathname;
let bad = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const doc of yaml.loadAll(readFileSync(join(dir, file), "utf8"))) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const Model = kinds[key];
    if (!Model) {
      console.log(`${file}: ${key}: no schema known`);
      bad++;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`${file}: ${key} ${doc.metadata?.name}: valid`);
    } catch (e) {
      console.log(`${file}: ${key} ${doc.metadata?.name}: ${e.message.split("\n")[0]}`);
      bad++;
    }
  }
}
process.exit(bad ? 1 : 0);
