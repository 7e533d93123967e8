import { cdk8s, javascript } from "projen";
const project = new cdk8s.ConstructLibraryCdk8s({
  author: "cdk8s-ai-gateway maintainers",
  authorAddress: "maintainers@cdk8s-ai-gateway.dev",
  cdk8sVersion: "2.70.0",
  constructsVersion: "10.4.2",
  defaultReleaseBranch: "main",
  jsiiVersion: "~6.0.0",
  name: "cdk8s-ai-gateway",
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  repositoryUrl: "https://github.com/cdk8s-ai-gateway/cdk8s-ai-gateway.git",

  // deps: [],                /* Runtime dependencies of this module. */
  // description: undefined,  /* The description is just a string that helps people understand the purpose of the package. */
  // devDeps: [],             /* Build dependencies for this module. */
  // packageName: undefined,  /* The "name" in package.json. */
});
project.synth();