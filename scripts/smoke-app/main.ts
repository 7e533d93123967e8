// The smoke app's main.ts (scripts/smoke-app/run.sh copies it into a `cdk8s init typescript-app` app, which has the
// packed library installed): what a platform team writes, importing the package by its name.
import { App, Chart, JsonPatch } from 'cdk8s';
// The package resolves in the smoke app, where it is installed; here, in the repository, it does not.
// eslint-disable-next-line import/no-unresolved
import { AiBackend, AiGateway, AiModelRoute, BackendCredential, InferencePool, InferenceRoute, PoolSelector, SynthValidation } from 'cdk8s-ai-gateway';

const app = new App();
const broken = process.env.SMOKE_APP_BROKEN === '1';

const chart = new Chart(app, 'ai-gateway');
const gateway = new AiGateway(chart, 'gateway', { name: 'ai', namespace: 'llm' });
const openai = AiBackend.fromFqdn('api.openai.com', 443, {
  name: 'openai', credential: BackendCredential.apiKey({ secretName: 'openai-key' }),
});
const route = new AiModelRoute(chart, 'models', { gateway, name: 'models' });
route.addModel({ name: 'gpt-4o-mini', backends: [{ backend: openai }] });
route.addModel({ name: 'gpt-4.1', backends: [{ backend: openai }] });

// An inference pool behind the same gateway, on a route without a name (it is named after its id: 'llama').
const pool = new InferencePool(chart, 'llama-pool', { name: 'llama', namespace: 'llm', selector: PoolSelector.matchLabels({ app: 'llama' }) });
new InferenceRoute(chart, 'llama', { gateway, hostnames: ['llm.example.com'], rules: [{ backends: [{ pool }] }] });

if (broken) {
  // The plugin's case: a Gateway made invalid behind the library's back, with the synth-time check off so that
  // cdk8s writes it and the plugin judges it. The Gateway shares its name with three other objects of the AiGateway.
  SynthValidation.disable(app);
  gateway.apiObject.addJsonPatch(JsonPatch.replace('/spec/listeners/0/port', 0));
  console.error(`smoke-app: broken Gateway at construct path ${gateway.apiObject.node.path}`);
}

app.synth();
