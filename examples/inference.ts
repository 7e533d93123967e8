import { App, Chart } from 'cdk8s';
import {
  FailureMode, Gateway, InferenceGatewayProvider, InferencePool, InferenceRoute, PathMatch, ListenerProtocol,
  PoolSelector,
} from '../src';

/**
 * A model rollout with llm-d: two versions of a model, each an InferencePool with its own endpoint picker, behind
 * one HTTPRoute on the gateway that sends 90 % of the requests to the current version and 10 % to the new one.
 * The route lives in the gateway's namespace and reaches the pools through one narrow ReferenceGrant.
 */
export function addInferenceRollout(app: App): Chart {
  const chart = new Chart(app, 'inference-rollout', { disableResourceNameHashes: true });
  const namespace = 'llm';

  const gateway = Gateway.fromGatewayAttributes(chart, 'gateway', {
    gatewayName: 'inference-gateway',
    gatewayNamespace: 'envoy-gateway',
    listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
  });

  const pool = (version: string) => new InferencePool(chart, `llama-${version}`, {
    name: `llama-3-8b-${version}`,
    namespace,
    // The model-server Pods of one version, as the llm-d model service labels them.
    selector: PoolSelector.matchLabels({ 'llm-d.ai/model': 'llama-3-8b', 'llm-d.ai/version': version }),
    targetPorts: [8000],
    failureMode: FailureMode.FAIL_OPEN,
    provider: InferenceGatewayProvider.envoyGateway(),
  });
  const current = pool('v1');
  const candidate = pool('v2');

  new InferenceRoute(chart, 'llama-route', {
    gateway,
    name: 'llama-3-8b',
    hostnames: ['llm.example.com'],
    rules: [{
      matches: [PathMatch.prefix('/v1')],
      backends: [{ pool: current, weight: 90 }, { pool: candidate, weight: 10 }],
    }],
  });
  return chart;
}
