export { GatewayApiVersion } from './gateway-api/version';
export { GrantFrom, GrantTo, ReferenceGrant, ReferenceGrantProps } from './gateway-api/reference-grant';
export { Gateway, GatewayAttributes, GatewayListener, IGateway, ListenerProtocol, RouteKind } from './gateway-api/gateway';
export { BackendService } from './gateway-api/backend';
export { ITlsCertificate, TlsCertificate, TlsCertificateAttributes } from './gateway-api/certificate';
export { IInferencePool } from './inference/inference-pool-ref';
export { AiGatewayApiVersion } from './ai/api-version';
export { ApiSchema, ApiSchemaName } from './ai/schema';
export {
  AwsCredentialOptions, AzureCredentialOptions, BackendCredential, BackendCredentialType, GcpCredentialOptions,
  SecretKeyCredentialOptions,
} from './ai/credentials';
export { AiBackend, AiBackendOptions } from './ai/backend';
export { AiModel, AiModelBackend, AiModelTimeouts } from './ai/model';
export { LlmRequestCost, LlmRequestCostType } from './ai/request-cost';
export { RulePlacement } from './ai/placement';
export { AiModelRoute, AiModelRouteProps } from './ai/ai-model-route';
export { AiGateway, AiGatewayHttpsOptions, AiGatewayProps } from './ai/ai-gateway';
export { ApplySet, ApplySetProps } from './ai/apply-set';
