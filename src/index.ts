export { GatewayApiVersion } from './gateway-api/version';
export { GrantFrom, GrantTo, ReferenceGrant, ReferenceGrantProps } from './gateway-api/reference-grant';
export { Gateway, GatewayAttributes, GatewayListener, IGateway, ListenerProtocol, RouteKind } from './gateway-api/gateway';
export { BackendService } from './gateway-api/backend';
export { ITlsCertificate, TlsCertificate, TlsCertificateAttributes } from './gateway-api/certificate';
export { IInferencePool } from './inference/inference-pool-ref';
export { ManifestValidator, ManifestValidatorOptions } from './validation/manifest-validator';
export {
  ObjectName, ObjectReport, ParentReason, ParentVerdict, ReferenceReason, ReferenceVerdict, ValidationFinding, ValidationReport,
} from './validation/report';
export { SynthValidation } from './validation/synth';
export { KnownObject } from './validation/targets';
export { ManifestValidationPlugin, ManifestValidationPluginProperties } from './validation/plugin';
