export { GatewayApiVersion } from './gateway-api/version';
export { GrantFrom, GrantTo, ReferenceGrant, ReferenceGrantProps } from './gateway-api/reference-grant';
export { Gateway, GatewayAttributes, GatewayListener, IGateway, ListenerProtocol, RouteKind } from './gateway-api/gateway';
export { BackendService } from './gateway-api/backend';
export { ITlsCertificate, TlsCertificate, TlsCertificateAttributes } from './gateway-api/certificate';
export { IInferencePool } from './inference/inference-pool-ref';
export { PlatformDomain, PlatformDomainProps, SubdomainSeparator } from './tls/platform-domain';
export {
  AzureDnsOptions, CloudflareDnsOptions, DnsProvider, GoogleCloudDnsOptions, Route53DnsOptions, SecretKeyRef,
} from './tls/dns-provider';
export {
  AcmeServer, ExistingIssuerOptions, IssuerKind, LetsEncryptOptions, ProvidedTlsOptions, SelfSignedTlsOptions, TlsMode,
} from './tls/tls-mode';
export { CertificateIssuerRef, TlsIssuance, WildcardTls, WildcardTlsProps } from './tls/wildcard-tls';
