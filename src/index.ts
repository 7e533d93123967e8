export { GatewayApiVersion } from './gateway-api/version';
export { GrantFrom, GrantTo, ReferenceGrant, ReferenceGrantProps } from './gateway-api/reference-grant';
