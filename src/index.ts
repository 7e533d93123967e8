export { GatewayApiVersion } from './gateway-api/version';
export { GrantFrom, GrantTo, ReferenceGrant, ReferenceGrantProps } from './gateway-api/reference-grant';
export { Gateway, GatewayAttributes, GatewayListener, IGateway, ListenerProtocol, RouteKind } from './gateway-api/gateway';
export { BackendService } from './gateway-api/backend';
export { ITlsCertificate, TlsCertificate, TlsCertificateAttributes } from './gateway-api/certificate';
export { IInferencePool } from './inference/inference-pool-ref';
export { LoadBalancer, LoadBalancerProvider, LoadBalancerScheme } from './nvcf/load-balancer';
export { NvcfGatewayClass } from './nvcf/gateway-class';
export { PlatformNamespace } from './nvcf/platform-namespace';
export { AwsLoadBalancerHttpsOptions, GatewayHttpsOptions, HttpsTermination, HttpsTerminationPoint } from './nvcf/https';
export { NvcfGateway, NvcfGatewayProps } from './nvcf/nvcf-gateway';
export { HostnameRoute, HostnameRouteProps, PathMatch, PathMatchType } from './nvcf/hostname-route';
export { GrpcTcpRoute, GrpcTcpRouteProps } from './nvcf/grpc-tcp-route';
export { NvcfPlatformRoutes, NvcfPlatformRoutesProps, PlatformGrpcRouteOptions, PlatformRouteOptions } from './nvcf/platform-routes';
export { PlatformDomain, PlatformDomainProps, SubdomainSeparator } from './tls/platform-domain';
export {
  AzureDnsOptions, CloudflareDnsOptions, DnsProvider, GoogleCloudDnsOptions, Route53DnsOptions, SecretKeyRef,
} from './tls/dns-provider';
export {
  AcmeServer, ExistingIssuerOptions, IssuerKind, LetsEncryptOptions, ProvidedTlsOptions, SelfSignedTlsOptions, TlsMode,
} from './tls/tls-mode';
export { CertificateIssuerRef, TlsIssuance, WildcardTls, WildcardTlsProps } from './tls/wildcard-tls';
