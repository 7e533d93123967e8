import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { constructError } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';

/** The label that makes an object a member of an ApplySet. */
export const APPLYSET_PART_OF = 'applyset.kubernetes.io/part-of';

/** Options of an ApplySet. */
export interface ApplySetProps {
  /** Name of the parent Secret that kubectl keeps for the set (`kubectl apply --applyset=<name>`). */
  readonly name: string;

  /** Namespace of the parent Secret (`kubectl apply -n <namespace>`). */
  readonly namespace: string;
}

/**
 * Makes every object of a chart a member of one kubectl ApplySet (KEP-3659), so that
 * `kubectl apply --prune --applyset=<name>` deletes the objects the chart no longer declares: a model
 * removed from the code disappears from the cluster, with its rules, backends and policies.
 *
 * Each object of the chart gets the label `applyset.kubernetes.io/part-of: <id>`, where the id is the
 * one the ApplySet specification derives from the parent (a Secret `<name>` in `<namespace>`):
 * `applyset-` + unpadded base64url(sha256(`<name>.<namespace>.Secret.`)) + `-v1`. kubectl creates and
 * updates the parent Secret itself (it records the kinds and namespaces of the members); the chart does not
 * emit it. The labels are added when the chart is synthesized, so objects added at any time are members.
 *
 * @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune
 */
export class ApplySet extends Construct {
  /** Name of the parent Secret. */
  public readonly name: string;

  /** Namespace of the parent Secret. */
  public readonly namespace: string;

  /** The ApplySet id, the value of every member's `applyset.kubernetes.io/part-of` label. */
  public readonly id: string;

  public constructor(scope: Construct, id: string, props: ApplySetProps) {
    super(scope, id);
    const problem = checkDnsSubdomain('name', props.name) ?? checkDnsLabel('namespace', props.namespace);
    if (problem !== undefined) throw constructError(this, 'ApplySet', problem);
    this.name = props.name;
    this.namespace = props.namespace;
    const hash = createHash('sha256').update(`${props.name}.${props.namespace}.Secret.`, 'utf8').digest('base64url');
    this.id = `applyset-${hash}-v1`;

    const chart = Chart.of(this);
    this.node.addValidation({
      validate: () => {
        for (const object of chart.node.findAll()) {
          if (ApiObject.isApiObject(object) && Chart.of(object) === chart) object.metadata.addLabel(APPLYSET_PART_OF, this.id);
        }
        return [];
      },
    });
  }

  /**
   * The command that applies the synthesized file and deletes the set's objects it no longer holds.
   *
   * When every namespaced object of the chart lives in the parent's namespace, this is kubectl's ApplySet
   * pruning. kubectl (up to 1.34 at least) refuses an ApplySet with a namespaced parent whose members
   * span several namespaces, so for such a chart it is label-selector pruning on the same label, limited
   * to the kinds the chart emits: `kubectl apply --prune -l applyset.kubernetes.io/part-of=<id>
   * --prune-allowlist=<group>/<version>/<Kind>...`.
   *
   * @param file the chart's YAML, for example 'dist/ai-models.k8s.yaml'
   */
  public pruneCommand(file: string): string {
    const chart = Chart.of(this);
    const objects = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
    const namespaces = new Set(objects.map(o => o.metadata.namespace).filter(ns => ns !== undefined));
    if ([...namespaces].every(ns => ns === this.namespace)) {
      return `KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset=${this.name} -n ${this.namespace} -f ${file}`;
    }
    const kinds = [...new Set(objects.map(o => `${o.apiVersion.includes('/') ? o.apiVersion : `core/${o.apiVersion}`}/${o.kind}`))].sort();
    return `kubectl apply --server-side --prune -l ${APPLYSET_PART_OF}=${this.id} ` +
      kinds.map(k => `--prune-allowlist=${k}`).join(' ') + ` -f ${file}`;
  }
}
