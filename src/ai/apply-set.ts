import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { constructError, constructProblem } from '../kubernetes/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../kubernetes/names';
import { compareStrings } from '../kubernetes/order';

/** The label kubectl sets on every member of an ApplySet (never in the input: kubectl refuses input that carries it). */
export const APPLYSET_PART_OF = 'applyset.kubernetes.io/part-of';

/** The label kubectl sets on an ApplySet's parent: the set's id. */
const APPLYSET_ID = 'applyset.kubernetes.io/id';

const KIND = 'ApplySet';

/** Options of an ApplySet. */
export interface ApplySetProps {
  /**
   * Name of the parent Secret that kubectl keeps for the set (`kubectl apply --applyset=<name>`), one per
   * namespace of the chart. An RFC 1123 subdomain.
   */
  readonly name: string;

  /**
   * The home namespace: its parent Secret also tracks the chart's cluster-scoped objects (Namespaces,
   * GatewayClasses).
   */
  readonly namespace: string;
}

/**
 * Makes the objects of a chart one kubectl ApplySet (KEP-3659) per namespace, so that applying a later synth deletes
 * the objects the chart no longer declares: a model removed from the code disappears from the cluster, with its rules,
 * backends, policies and grants, including the last object of a kind and cluster-scoped objects.
 *
 * kubectl (1.27 and later, with `KUBECTL_APPLYSET=true`; tried with 1.36) keeps an ApplySet in a parent Secret and
 * labels each member itself; it refuses input that already carries the label, and a namespaced parent tracks only
 * members in its own namespace (and cluster-scoped ones). So a chart spanning namespaces is applied as one set per
 * namespace, all with the parent name `<name>`: the home namespace's set holds its namespaced objects and every
 * cluster-scoped one.
 *
 * At synth, the ApplySet writes `<name>.apply.sh` beside the YAML (in the app's output folder): a bash script that
 * applies the chart's objects set by set with exactly the kubectl commands that work (the Namespaces the chart declares
 * first, so that each parent Secret has its namespace), and then removes the sets of namespaces a previous apply used
 * that the chart no longer has an object in. Arguments to the script go to every kubectl call (`--context`,
 * `--kubeconfig`); `KUBECTL` names another kubectl binary.
 *
 * @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune
 */
export class ApplySet extends Construct {
  /**
   * The id kubectl gives the set of parent Secret `<name>` in `<namespace>`: `applyset-` + unpadded
   * base64url(sha256(`<name>.<namespace>.Secret.`)) + `-v1`.
   */
  public static idOf(name: string, namespace: string): string {
    return `applyset-${createHash('sha256').update(`${name}.${namespace}.Secret.`, 'utf8').digest('base64url')}-v1`;
  }

  /** Name of the parent Secrets. */
  public readonly name: string;

  /** The home namespace (its set holds the cluster-scoped objects). */
  public readonly namespace: string;

  /** The id of the home namespace's set (the value kubectl gives its members' `applyset.kubernetes.io/part-of` label). */
  public readonly id: string;

  /** The file name of the script written beside the YAML at synth: `<name>.apply.sh`. */
  public readonly scriptFileName: string;

  public constructor(scope: Construct, id: string, props: ApplySetProps) {
    super(scope, id);
    const problem = checkDnsSubdomain('name', props.name) ?? checkDnsLabel('namespace', props.namespace);
    if (problem !== undefined) throw constructError(this, KIND, problem);
    this.name = props.name;
    this.namespace = props.namespace;
    this.id = ApplySet.idOf(props.name, props.namespace);
    this.scriptFileName = `${props.name}.apply.sh`;

    this.node.addValidation({
      validate: () => {
        const members = this.members();
        const problems = this.memberProblems(members);
        if (problems.length === 0) this.writeScript(members);
        return problems.map(p => constructProblem(this, KIND, p));
      },
    });
  }

  /**
   * The command that applies the synthesized chart and deletes the set's objects it no longer holds: `bash
   * <outdir>/<name>.apply.sh`.
   *
   * @param outdir the app's output folder as the pipeline sees it
   * @default 'dist'
   */
  public pruneCommand(outdir: string = 'dist'): string {
    return `bash ${path.posix.join(outdir.split(path.sep).join('/'), this.scriptFileName)}`;
  }

  /** The namespaces of the chart's sets, the home namespace first, then in name order. */
  public get namespaces(): string[] {
    return this.namespacesOf(this.members());
  }

  private namespacesOf(members: ApiObject[]): string[] {
    const others = new Set(members.map(o => o.metadata.namespace).filter((ns): ns is string => ns !== undefined && ns !== this.namespace));
    return [this.namespace, ...[...others].sort(compareStrings)];
  }

  /**
   * The kubectl commands the script runs for the chart's objects, one per set, each reading that set's objects on its
   * standard input (`-f -`).
   */
  public get applyCommands(): string[] {
    return this.namespaces.map(ns => `KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset=${this.name} -n ${ns} -f -`);
  }

  private members(): ApiObject[] {
    const chart = Chart.of(this);
    return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
  }

  private memberProblems(members: ApiObject[]): string[] {
    const problems: string[] = [];
    for (const object of members) {
      if (object.metadata.getLabel(APPLYSET_PART_OF) !== undefined) {
        problems.push(`${object.kind} '${object.name}' (construct ${object.node.path}) carries the label '${APPLYSET_PART_OF}', ` +
          'which kubectl sets on ApplySet members itself and refuses in its input. Remove the label.');
      }
    }
    if (members.length === 0) problems.push('has no object to apply: its chart is empty. Add objects to the chart, or remove the ApplySet.');
    return problems;
  }

  /** Writes `<outdir>/<name>.apply.sh` when the app has an output folder (`Testing` apps and bare constructs have none). */
  private writeScript(members: ApiObject[]): void {
    const outdir = (this.node.root as App).outdir;
    if (typeof outdir !== 'string') return;
    const file = path.join(outdir, this.scriptFileName);
    const text = this.script(members);
    // cdk8s validates an app once, then once per chart: write only what changed.
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(file, text, { mode: 0o755 });
  }

  /** The text of the script. */
  private script(members: ApiObject[]): string {
    const objects = members.map(o => o.toJson());
    const chart = Chart.of(this);
    const setOf = (o: any): string => o.metadata?.namespace ?? this.namespace;
    const namespaces = this.namespacesOf(members);
    const declaredNamespaces = objects.filter(o => o.apiVersion === 'v1' && o.kind === 'Namespace');
    const yaml = (docs: any[]): string => Yaml.stringify(...docs);
    const bodies = [yaml(declaredNamespaces), ...namespaces.map(ns => yaml(objects.filter(o => setOf(o) === ns)))];
    const delimiter = `CDK8S_AI_GATEWAY_${createHash('sha256').update(bodies.join('')).digest('hex').slice(0, 12).toUpperCase()}`;
    const heredoc = (body: string): string => `<<'${delimiter}'\n${body.endsWith('\n') ? body : `${body}\n`}${delimiter}\n`;
    const lines: string[] = [
      '#!/usr/bin/env bash',
      `# Written by cdk8s-ai-gateway at synth: applies chart '${chart.node.id}' as kubectl ApplySet '${this.name}', one set per namespace,`,
      '# and deletes what an earlier apply created that the chart no longer declares. Needs kubectl 1.27 or later (tried with 1.36).',
      '# Usage: bash ' + this.scriptFileName + ' [kubectl flags, e.g. --context prod]; KUBECTL=/path/to/kubectl picks the binary.',
      'set -euo pipefail',
      'KUBECTL="${KUBECTL:-kubectl}"',
      'export KUBECTL_APPLYSET=true',
      '',
    ];
    if (declaredNamespaces.length > 0) {
      lines.push('# The namespaces the chart declares, first: each set keeps its parent Secret in its namespace.');
      lines.push(`"$KUBECTL" "$@" apply --server-side -f - ${heredoc(bodies[0])}`);
    }
    const applied: string[] = [];
    namespaces.forEach((ns, i) => {
      const body = bodies[i + 1];
      if (body.trim().length === 0) return;
      applied.push(ns);
      lines.push(ns === this.namespace
        ? `# Set '${this.name}' in namespace '${ns}' (the home set): its objects and the chart's cluster-scoped objects.`
        : `# Set '${this.name}' in namespace '${ns}'.`);
      lines.push(`"$KUBECTL" "$@" apply --server-side --prune --applyset=${this.name} -n ${ns} -f - ${heredoc(body)}`);
    });
    lines.push(
      `# Namespaces where an earlier apply left a set '${this.name}' that the chart no longer has an object in: delete the set's`,
      '# members (by the kinds its parent records and the label kubectl gave them), then its parent.',
      `current=" ${applied.join(' ')} "`,
      `"$KUBECTL" "$@" get secrets --all-namespaces --field-selector metadata.name=${this.name} -l ${APPLYSET_ID} \\`,
      "  -o jsonpath='{range .items[*]}{.metadata.namespace}{\" \"}{.metadata.labels.applyset\\.kubernetes\\.io/id}{\" \"}" +
        "{.metadata.annotations.applyset\\.kubernetes\\.io/contains-group-kinds}{\"\\n\"}{end}' |",
      'while read -r ns id kinds; do',
      '  case "$current" in *" $ns "*) continue ;; esac',
      `  if [ -n "\${kinds:-}" ]; then "$KUBECTL" "$@" delete "$kinds" -n "$ns" -l "${APPLYSET_PART_OF}=$id" --ignore-not-found; fi`,
      `  "$KUBECTL" "$@" delete secret ${this.name} -n "$ns" --ignore-not-found`,
      'done',
      '',
    );
    return lines.join('\n');
  }
}
