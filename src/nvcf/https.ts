import { ITlsCertificate } from '../gateway-api/certificate';
import { GatewayHttpsOptions } from '../gateway-api/https-listener';

/** Options of HTTPS terminated at an AWS Network Load Balancer with an ACM certificate. */
export interface AwsLoadBalancerHttpsOptions {
  /**
   * The ACM certificate ARN(s) the load balancer serves, for example the certificate requested for
   * `*.nvcf.example.com`.
   */
  readonly certificateArns: string[];

  /**
   * The name of the listener that receives the decrypted traffic on `port`.
   *
   * @default 'https'
   */
  readonly name?: string;

  /**
   * The port the load balancer terminates TLS on; the Gateway listens on it in plain HTTP.
   *
   * @default 443
   */
  readonly port?: number;

  /**
   * The load balancer's TLS negotiation policy (`service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy`).
   *
   * @default - the AWS Load Balancer Controller's default policy
   */
  readonly sslPolicy?: string;
}

/** Where HTTPS is terminated for an `NvcfGateway`. */
export enum HttpsTerminationPoint {
  /** At the Gateway, with a certificate Secret in the cluster. */
  GATEWAY = 'gateway',
  /** At the AWS Network Load Balancer, with an ACM certificate. */
  AWS_LOAD_BALANCER = 'aws-load-balancer',
}

const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/** @internal What an `HttpsTermination` needs of the gateway it binds to. */
export interface HttpsTerminationHost {
  /** Adds an HTTPS listener terminating TLS at the Gateway. */
  addHttpsListener(options: GatewayHttpsOptions): void;
  /** Adds a plain-HTTP listener that a load balancer in front receives as HTTPS, with the load balancer's annotations. */
  addLoadBalancerHttps(listenerName: string, port: number, annotations: { [key: string]: string }): void;
}

/**
 * How an `NvcfGateway` serves HTTPS: the two options of the NVCF guide, TLS at the Gateway with a
 * certificate Secret (cert-manager, `WildcardTls`, or your own), or TLS at the AWS load balancer with ACM.
 */
export abstract class HttpsTermination {
  /**
   * An HTTPS listener (port 443) that terminates TLS at the Gateway with a certificate Secret.
   */
  public static atGateway(options: GatewayHttpsOptions): HttpsTermination {
    if (options?.certificate === undefined) {
      throw new Error('HttpsTermination.atGateway(): certificate is missing: HTTPS needs a certificate. Pass one, ' +
        "for example certificate: TlsCertificate.fromTlsCertificateAttributes(scope, 'Tls', { secretName: 'nvcf-tls', secretNamespace: 'envoy-gateway' }).");
    }
    return new GatewayHttpsTermination(options);
  }

  /**
   * TLS terminated at the AWS Network Load Balancer with ACM certificates: the load balancer decrypts on
   * `port` and forwards plain HTTP to a Gateway listener on the same port. Needs `LoadBalancer.awsNlb()`.
   */
  public static atAwsLoadBalancer(options: AwsLoadBalancerHttpsOptions): HttpsTermination {
    const arns = options?.certificateArns ?? [];
    if (arns.length === 0) {
      throw new Error('HttpsTermination.atAwsLoadBalancer(): certificateArns is empty: HTTPS needs a certificate. ' +
        "Pass the ACM certificate ARN, for example 'arn:aws:acm:us-west-2:123456789012:certificate/0a1b2c3d-...'.");
    }
    for (const arn of arns) {
      if (!ACM_ARN.test(arn)) {
        throw new Error(`HttpsTermination.atAwsLoadBalancer(): certificateArns entry '${arn}' is not an ACM certificate ARN. ` +
          "Use the form 'arn:aws:acm:<region>:<account>:certificate/<id>'.");
      }
    }
    return new AwsLoadBalancerHttpsTermination(options);
  }

  protected constructor(
    /** Where TLS is terminated. */
    public readonly terminationPoint: HttpsTerminationPoint,
    /** The name of the listener that serves the HTTPS port. */
    public readonly listenerName: string,
    /** The HTTPS port. */
    public readonly port: number,
  ) {}

  /**
   * The certificate served at the Gateway.
   *
   * @default - none: TLS is terminated at the load balancer
   */
  public abstract get certificate(): ITlsCertificate | undefined;

  /** @internal Adds what this kind of termination needs to the gateway. */
  public abstract _bind(host: HttpsTerminationHost): void;
}

class GatewayHttpsTermination extends HttpsTermination {
  public constructor(private readonly options: GatewayHttpsOptions) {
    super(HttpsTerminationPoint.GATEWAY, options.name ?? 'https', options.port ?? 443);
  }

  public get certificate(): ITlsCertificate | undefined {
    return this.options.certificate;
  }

  public _bind(host: HttpsTerminationHost): void {
    host.addHttpsListener(this.options);
  }
}

class AwsLoadBalancerHttpsTermination extends HttpsTermination {
  public constructor(private readonly options: AwsLoadBalancerHttpsOptions) {
    super(HttpsTerminationPoint.AWS_LOAD_BALANCER, options.name ?? 'https', options.port ?? 443);
  }

  public get certificate(): ITlsCertificate | undefined {
    return undefined;
  }

  public _bind(host: HttpsTerminationHost): void {
    host.addLoadBalancerHttps(this.listenerName, this.port, {
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': this.options.certificateArns.join(','),
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': String(this.port),
      ...this.options.sslPolicy === undefined ? {} : { 'service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy': this.options.sslPolicy },
    });
  }
}
