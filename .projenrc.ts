import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-ai-gateway',
  packageName: 'cdk8s-ai-gateway',
  description:
    'Typed cdk8s constructs for a self-hosted AI / LLM gateway on the Kubernetes Gateway API: ' +
    'NVCF routing, Envoy AI Gateway model routing, wildcard TLS with cert-manager and llm-d inference pools.',
  keywords: ['cdk8s', 'kubernetes', 'gateway-api', 'envoy', 'ai-gateway', 'llm', 'cert-manager', 'inference'],
  author: 'cdk8s-ai-gateway maintainers',
  authorAddress: 'maintainers@cdk8s-ai-gateway.dev',
  repositoryUrl: 'https://github.com/cdk8s-ai-gateway/cdk8s-ai-gateway.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',
  jsiiVersion: '~6.0.0',
  // ConstructLibraryCdk8s does not add cdk8s-plus; core objects (Namespace, Service, ...) come from it.
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: ['cdk8s-cli@^2.207.0', 'fast-check@^4.3.0'],
  // Offline validation at run time: a CEL engine (with the protobuf runtime it needs) and a YAML parser.
  // jsii requires non-jsii runtime dependencies to ship inside the package.
  bundledDeps: ['@bufbuild/cel@^0.6.1', '@bufbuild/protobuf@^2.6.2', 'yaml@^2.5.0'],

  // `imports/` lives beside `src/`: jsii compiles only what lies under rootDir, so rootDir is the
  // project root and the entry point moves to lib/src/.
  entrypoint: 'lib/src/index.js',
  tsconfig: {
    compilerOptions: { rootDir: '.' },
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts'],
    ignorePatterns: ['imports/', '*.js', '*.d.ts', 'node_modules/', '*.generated.ts', 'coverage'],
  },
  jestOptions: {
    // Snapshots lock the manifests: a test run never rewrites them (`npx projen test:update` does, on purpose).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
      // The summary line ('jest: N passed, N failed, N skipped') that CI reads.
      reporters: [new javascript.JestReporter('<rootDir>/test/summary-reporter.js')],
    },
  },

  githubOptions: { mergify: false },
  depsUpgrade: false,
  pullRequestTemplate: false,
});

// examples/ and scripts/ are type-checked (and linted) against the project's compiler options.
for (const dir of ['examples', 'scripts']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: { rootDir: '..', noEmit: true },
  });
}

// Generated bindings for the pinned upstream CRDs (../shared/crds). Never edit imports/ by hand:
// change scripts/import-crds.ts (what is imported, from which pinned version) and run `npx projen import`.
project.addTask('import', {
  description: 'Regenerate imports/ from the pinned upstream CRDs in ../shared/crds',
  exec: 'ts-node --project scripts/tsconfig.json scripts/import-crds.ts',
});

// Validation data of the offline validator: the pinned CRDs' schemas, without their documentation, in schemas/
// (shipped in the package; read at run time). Never edit schemas/ by hand: run `npx projen schemas`.
project.addTask('schemas', {
  description: 'Regenerate schemas/ (offline validation data) from the pinned upstream CRDs in ../shared/crds',
  exec: 'ts-node --project scripts/tsconfig.json scripts/generate-schemas.ts',
});

// The example app: synthesizes plain YAML into dist/example/.
project.addTask('synth', {
  description: 'Synthesize the example app (examples/app.ts) to YAML in dist/example/',
  exec: 'ts-node --project examples/tsconfig.json examples/app.ts',
});

// Proofs against the real control planes (kube-apiserver, Envoy Gateway, Envoy AI Gateway, cert-manager), built from
// source into a cache outside the checkout and run on loopback in private network namespaces (needs root and Go).
project.addTask('test:integration', {
  description: 'Build (or reuse) the real control planes and run the acceptance, validator and attachment proofs',
  exec: 'bash scripts/integration/run.sh',
});

// Differential fuzzing: generated objects judged by our offline validator and by the API server's own validation
// code (a Go oracle in fuzz/oracle, built into the integration cache): `npm run fuzz -- --count N --seed S`.
project.addTask('fuzz', {
  description: 'Differential fuzzing of the offline validator against k8s.io/apiextensions-apiserver (--count N --seed S)',
  exec: 'ts-node --transpile-only --project scripts/tsconfig.json scripts/fuzz/run.ts',
  receiveArgs: true,
});

// The package ships the compiled lib/ (lib/imports/ included), not the sources.
project.npmignore?.exclude('/imports/', '/examples/', '/scripts/', '/.ci/', '/bench/', '/fuzz/');

// Scratch folder of the README test, removed by the test itself.
project.gitignore.exclude('/test/.readme-*');

// The `cdk8s-ai-gateway` command (`cdk8s-ai-gateway validate FILE...`): a launcher for lib/src/validation/cli.js.
project.addBins({ 'cdk8s-ai-gateway': 'bin/cdk8s-ai-gateway' });

// The jsii project type derives `types` from its default entry point: set it beside `entrypoint`.
project.package.addField('types', 'lib/src/index.d.ts');

project.synth();
