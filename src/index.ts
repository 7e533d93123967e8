export { GatewayApiVersion } from './gateway-api/version';
export { GrantFrom, GrantTo, ReferenceGrant, ReferenceGrantProps } from './gateway-api/reference-grant';
export { GatewayListener, IGateway, IGatewayRoute, ListenerProtocol, RouteKind, RoutesFrom } from './gateway-api/gateway';
export { GatewayBase } from './gateway-api/gateway-base';
export { Gateway, GatewayAttributes } from './gateway-api/existing-gateway';
export { GatewayHttpsOptions } from './gateway-api/https-listener';
export { BackendService } from './gateway-api/backend';
export { PathMatch, PathMatchType } from './gateway-api/path-match';
export { ITlsCertificate, TlsCertificate, TlsCertificateAttributes } from './gateway-api/certificate';
export { IInferencePool } from './inference/inference-pool-ref';
export { LoadBalancer, LoadBalancerProvider, LoadBalancerScheme } from './nvcf/load-balancer';
export { NvcfGatewayClass } from './nvcf/gateway-class';
export { PlatformNamespace } from './nvcf/platform-namespace';
export { AwsLoadBalancerHttpsOptions, HttpsTermination, HttpsTerminationPoint } from './nvcf/https';
export { NvcfGateway, NvcfGatewayProps } from './nvcf/nvcf-gateway';
export { HostnameRoute, HostnameRouteProps } from './nvcf/hostname-route';
export { GrpcTcpRoute, GrpcTcpRouteProps } from './nvcf/grpc-tcp-route';
export { NvcfPlatformRoutes, NvcfPlatformRoutesProps, PlatformGrpcRouteOptions, PlatformRouteOptions } from './nvcf/platform-routes';
export { PlatformDomain, PlatformDomainProps, SubdomainSeparator } from './tls/platform-domain';
export {
  AzureDnsOptions, CloudflareDnsOptions, DnsProvider, GoogleCloudDnsOptions, Route53DnsOptions, SecretKeyRef,
  Rfc2136DnsOptions, TsigAlgorithm,
} from './tls/dns-provider';
export {
  AcmeServer, CertificateIssuerRef, CustomAcmeServerOptions, ExistingIssuerOptions, IssuerKind, LetsEncryptOptions, ProvidedTlsOptions,
  SelfSignedTlsOptions, TlsMode,
} from './tls/tls-mode';
export { TlsIssuance, WildcardTls, WildcardTlsProps } from './tls/wildcard-tls';
export { FailureMode, InferencePool, InferencePoolAttributes, InferencePoolProps, PoolAppProtocol, PoolSelector } from './inference/inference-pool';
export { EndpointPicker, EndpointPickerEnv, EndpointPickerOptions, EndpointPickerProps, EndpointPickerSource, IEndpointPicker } from './inference/endpoint-picker';
export { GkeProviderOptions, InferenceGatewayKind, InferenceGatewayProvider } from './inference/providers';
export { InferenceRoute, InferenceRouteProps, InferenceRouteRule, PoolBackend } from './inference/inference-route';
export { ManifestValidator, ManifestValidatorOptions } from './validation/manifest-validator';
export { GatewayController } from './validation/controllers';
export { PodSecurityLevel } from './validation/pod-security';
export {
  KnownObject, ObjectName, ObjectReport, ParentReason, ParentVerdict, PolicyAncestor, PolicyReason, PolicyVerdict, ReferenceReason, ReferenceVerdict,
  ValidationFinding, ValidationReport,
} from './validation/report';
export { SynthValidation, SynthRouteMapOptions } from './validation/synth';
export { RouteMap, RouteMapFormat, RouteMapOptions } from './route-map/route-map';
export { ManifestValidationPlugin, ManifestValidationPluginProperties } from './validation/plugin';
export { AiGatewayApiVersion } from './ai/api-version';
export { ApiSchema, ApiSchemaName } from './ai/schema';
export {
  AwsCredentialOptions, AzureCredentialOptions, BackendCredential, BackendCredentialType, GcpCredentialOptions,
  SecretKeyCredentialOptions,
} from './ai/credentials';
export { AiBackend, AiBackendOptions } from './ai/backend';
export { AiModel, AiModelBackend, AiModelTimeouts } from './ai/model';
export { LlmRequestCost, LlmRequestCostType } from './ai/request-cost';
export { LockFileOptions, RulePlacement } from './ai/placement';
export { AiModelRoute, AiModelRouteProps } from './ai/ai-model-route';
export { AiGateway, AiGatewayProps } from './ai/ai-gateway';
export { ApplySet, ApplySetProps } from './ai/apply-set';
export { IPolicyTarget, PolicyTargetKind, PolicyTargetReference, PolicyTargetSelector } from './security/policy-target';
export { AccessAction, AccessRule, AccessRuleOptions, ClaimMatch, HeaderMatch, HttpMethod } from './security/access-rule';
export { ClaimType } from './security/jwt-claims';
export { ModelAccess, ModelAccessOptions, PolicyModel } from './security/model-access';
export { ClaimToHeader, JwtProvider, KeycloakJwtProviderOptions, RemoteJwtProviderOptions } from './security/jwt-provider';
export { ApiKeyAuth, ApiKeyAuthOptions } from './security/api-key-auth';
export { ClientAccessPolicy, ClientAccessPolicyProps, PolicyTarget } from './security/client-access-policy';
export { CustomOidcLoginOptions, KeycloakOidcLoginOptions, OidcLogin, OidcLoginOptions } from './security/oidc-login';
export { BasicAuth, BasicAuthOptions, CorsOptions, ExternalAuth, ExternalAuthOptions, ExternalAuthProtocol } from './security/other-auth';
