import { checkAnnotations } from '../kubernetes/metadata';

/** Whether the load balancer in front of the Gateway is reachable from the internet or only inside the network. */
export enum LoadBalancerScheme {
  /** A public address. */
  INTERNET_FACING = 'internet-facing',
  /** A private address inside the VPC or virtual network. */
  INTERNAL = 'internal',
}

/** Which platform provisions the Gateway's load balancer. */
export enum LoadBalancerProvider {
  /** An AWS Network Load Balancer, provisioned by the AWS Load Balancer Controller on EKS. */
  AWS_NLB = 'aws-nlb',
  /** A Google Cloud passthrough Network Load Balancer on GKE. */
  GKE = 'gke',
  /** An Azure Load Balancer on AKS. */
  AKS = 'aks',
  /** On-premises: MetalLB, kube-vip or another integration, configured with custom annotations or none. */
  ON_PREMISES = 'on-premises',
}

/**
 * How the external load balancer in front of the Gateway is provisioned: a preset of annotations for the
 * cloud's load-balancer integration, written to the Gateway's `spec.infrastructure.annotations`, which the
 * controller (Envoy Gateway included) copies onto the LoadBalancer Service it creates.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayinfrastructure
 */
export class LoadBalancer {
  /**
   * An AWS Network Load Balancer on EKS, through the AWS Load Balancer Controller, with IP targets: the
   * annotations the NVCF guide keeps for EKS.
   *
   * @param scheme internet-facing (default) or internal
   */
  public static awsNlb(scheme: LoadBalancerScheme = LoadBalancerScheme.INTERNET_FACING): LoadBalancer {
    return new LoadBalancer(LoadBalancerProvider.AWS_NLB, scheme, {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': scheme,
    });
  }

  /**
   * A Google Cloud passthrough Network Load Balancer on GKE: external by default, internal with
   * `networking.gke.io/load-balancer-type: Internal`.
   *
   * @param scheme internet-facing (default) or internal
   */
  public static gke(scheme: LoadBalancerScheme = LoadBalancerScheme.INTERNET_FACING): LoadBalancer {
    return new LoadBalancer(LoadBalancerProvider.GKE, scheme, scheme === LoadBalancerScheme.INTERNAL
      ? { 'networking.gke.io/load-balancer-type': 'Internal' }
      : {});
  }

  /**
   * An Azure Load Balancer on AKS: public by default, internal with
   * `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`.
   *
   * @param scheme internet-facing (default) or internal
   */
  public static aks(scheme: LoadBalancerScheme = LoadBalancerScheme.INTERNET_FACING): LoadBalancer {
    return new LoadBalancer(LoadBalancerProvider.AKS, scheme, scheme === LoadBalancerScheme.INTERNAL
      ? { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }
      : {});
  }

  /**
   * On-premises without annotations: the cluster's default LoadBalancer integration (MetalLB, kube-vip, ...)
   * assigns the address.
   */
  public static onPremises(): LoadBalancer {
    return new LoadBalancer(LoadBalancerProvider.ON_PREMISES, undefined, {});
  }

  /**
   * On-premises or any other integration, with its own annotations, for example MetalLB's
   * `metallb.universe.tf/address-pool`.
   *
   * @param annotations the annotations the load-balancer integration reads
   */
  public static custom(annotations: { [key: string]: string }): LoadBalancer {
    const problem = checkAnnotations('LoadBalancer.custom() annotation', annotations);
    if (problem !== undefined) throw new Error(`LoadBalancer: ${problem}`);
    return new LoadBalancer(LoadBalancerProvider.ON_PREMISES, undefined, { ...annotations });
  }

  private constructor(
    /** The platform that provisions the load balancer. */
    public readonly provider: LoadBalancerProvider,
    /**
     * Internet-facing or internal, when the preset says.
     *
     * @default - the integration's default
     */
    public readonly scheme: LoadBalancerScheme | undefined,
    private readonly _annotations: { [key: string]: string },
  ) {}

  /** The annotations this preset writes, as a copy. */
  public get annotations(): { [key: string]: string } {
    return { ...this._annotations };
  }
}
