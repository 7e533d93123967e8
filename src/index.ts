export { GatewayApiVersion } from './gateway-api/version';
export { GrantFrom, GrantTo, ReferenceGrant, ReferenceGrantProps } from './gateway-api/reference-grant';
export { Gateway, GatewayAttributes, GatewayListener, IGateway, ListenerProtocol, RouteKind } from './gateway-api/gateway';
export { BackendService } from './gateway-api/backend';
export { ITlsCertificate, TlsCertificate, TlsCertificateAttributes } from './gateway-api/certificate';
export { IInferencePool } from './inference/inference-pool-ref';
