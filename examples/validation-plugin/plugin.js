// The validation plugin from this repository's sources, for the example only. An app that installed
// cdk8s-ai-gateway names the package itself in cdk8s.yaml (`package: cdk8s-ai-gateway`).
const path = require('path');
require('ts-node').register({ project: path.join(__dirname, '..', '..', 'tsconfig.json'), transpileOnly: true });
module.exports = require('../../src');
