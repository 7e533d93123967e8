/**
 * A namespace an `NvcfGateway` needs: created by the gateway's chart (and labelled as a platform
 * namespace), or one that already exists in the cluster with the labels it has there.
 */
export class PlatformNamespace {
  /**
   * A namespace the chart creates, labelled with the gateway's platform label (`nvcf/platform=true` by
   * default) so that routes in it may attach to the Gateway.
   *
   * @param name the namespace name
   * @param labels more labels for it
   */
  public static create(name: string, labels: { [key: string]: string } = {}): PlatformNamespace {
    return new PlatformNamespace(name, false, { ...labels });
  }

  /**
   * A namespace that already exists in the cluster. Nothing is created or labelled: say which labels it has,
   * so that the gateway can tell whether routes in it are admitted (they need the platform label).
   *
   * @param name the namespace name
   * @param labels the labels it carries in the cluster, for example `{ 'nvcf/platform': 'true' }`
   */
  public static fromExisting(name: string, labels: { [key: string]: string } = {}): PlatformNamespace {
    return new PlatformNamespace(name, true, { ...labels });
  }

  private constructor(
    /** The namespace name. */
    public readonly name: string,
    /** True when the namespace exists already and is only referenced. */
    public readonly existing: boolean,
    private readonly _labels: { [key: string]: string },
  ) {}

  /** The labels given for it (without the platform label a created namespace also gets), as a copy. */
  public get labels(): { [key: string]: string } {
    return { ...this._labels };
  }
}
