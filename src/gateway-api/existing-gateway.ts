import { Construct } from 'constructs';
import { allowedRoutes, checkListener, GatewayListener, IGateway } from './gateway';
import { GatewayBase } from './gateway-base';
import { GatewayApiVersion } from './version';
import { failIf } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { GATEWAY_API_GROUP } from '../kubernetes/well-known';
import { declareKnown } from '../validation/targets';

/** What is known of a Gateway that already exists in the cluster. */
export interface GatewayAttributes {
  /** The Gateway's metadata.name. */
  readonly gatewayName: string;

  /** The Gateway's namespace. */
  readonly gatewayNamespace: string;

  /**
   * The Gateway API release the cluster runs.
   *
   * @default GatewayApiVersion.V1_2
   */
  readonly gatewayApiVersion?: GatewayApiVersion;

  /**
   * The Gateway's listeners, so that routes attached to it are checked against them. Validation takes them to
   * admit routes from the Gateway's own namespace only (the Gateway API default), unless they say otherwise.
   *
   * @default - unknown: routes attach by sectionName without checks
   */
  readonly listeners?: GatewayListener[];
}

/** Gateways this app does not create. */
export class Gateway {
  /**
   * References a Gateway that already exists in the cluster, so routes can attach to it. It is declared as a
   * known object (with its listeners, when given) for validation; nothing is emitted for it.
   */
  public static fromGatewayAttributes(scope: Construct, id: string, attributes: GatewayAttributes): IGateway {
    return new ImportedGateway(scope, id, attributes);
  }

  private constructor() {}
}

const KIND = 'Gateway';

class ImportedGateway extends GatewayBase {
  public readonly gatewayName: string;
  public readonly gatewayNamespace: string;
  public readonly gatewayApiVersion: GatewayApiVersion;

  public constructor(scope: Construct, id: string, attributes: GatewayAttributes) {
    super(scope, id, KIND);
    failIf(this, KIND, checkDnsSubdomain('gatewayName', attributes.gatewayName));
    failIf(this, KIND, checkDnsLabel('gatewayNamespace', attributes.gatewayNamespace));
    this.gatewayName = attributes.gatewayName;
    this.gatewayNamespace = attributes.gatewayNamespace;
    this.gatewayApiVersion = attributes.gatewayApiVersion ?? GatewayApiVersion.V1_2;
    for (const listener of attributes.listeners ?? []) {
      failIf(this, KIND, checkListener(listener));
      this._putListener({ listener });
    }
    declareKnown(this, {
      apiVersion: `${GATEWAY_API_GROUP}/v1`,
      kind: 'Gateway',
      name: this.gatewayName,
      namespace: this.gatewayNamespace,
      spec: attributes.listeners === undefined ? undefined : {
        listeners: attributes.listeners.map(l => ({
          name: l.name,
          port: l.port,
          protocol: l.protocol,
          hostname: l.hostname,
          allowedRoutes: allowedRoutes(l),
        })),
      },
    });
  }
}
