import { IConstruct } from 'constructs';

/**
 * An InferencePool (inference.networking.k8s.io/v1) that routes can send traffic to: one this app declares
 * or one that already exists in the cluster.
 */
export interface IInferencePool extends IConstruct {
  /** The InferencePool's metadata.name. */
  readonly poolName: string;

  /** The InferencePool's namespace. */
  readonly poolNamespace: string;
}
