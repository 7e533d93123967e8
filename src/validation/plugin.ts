/**
 * The cdk8s-cli validation plugin: `cdk8s synth` runs it on the manifests it wrote when the app's
 * cdk8s.yaml lists it under `validations:`.
 *
 * cdk8s-cli loads `package` (an npm package, installed into its plugins directory, or a local path that
 * starts with './'), instantiates `class` with `properties`, and awaits `validate(context)`, where
 * `context.manifests` are the written YAML files and `context.report` collects violations and must be
 * submitted.
 */
import { objectIdentity } from './attachment-index';
import { readConstructsFiles } from './construct-index';
import { GatewayController, KNOWN_CONTROLLERS, parseController } from './controllers';
import { defaultKnownObjectsFiles, KNOWN_OBJECTS_FILE, knownObjectsOf, readKnownObjectsFile } from './known-file';
import { readManifestFiles } from './manifest-files';
import { ManifestValidator } from './manifest-validator';
import { PodSecurityLevel } from './pod-security';
import { isCelRule } from './report';

/** Properties of the plugin, from the `properties:` of its entry in cdk8s.yaml. */
export interface ManifestValidationPluginProperties {
  /**
   * Treat references to objects neither in the synthesized manifests nor known as errors.
   *
   * @default false - they are reported as unverified warnings in the log
   */
  readonly strict?: boolean;

  /**
   * Files (YAML or JSON, relative to the app directory) with objects that exist in the cluster. Where one
   * describes an object the synth's known-objects file also lists (same group, kind, namespace and name),
   * the object is taken from it.
   *
   * @default - none
   */
  readonly known?: string[];

  /**
   * Read the known-objects file the synth writes beside the manifests (`cdk8s-ai-gateway.known`, see
   * `SynthValidation.KNOWN_OBJECTS_FILE`): the objects the app's constructs declared as existing in the cluster.
   * It is read from the directory of each manifest, so that strict results agree with the synth-time check.
   *
   * @default true
   */
  readonly readKnownObjectsFile?: boolean;

  /**
   * Release pins by project, for example `{ 'gateway-api': 'v1.2.0' }`.
   *
   * @default - the newest pinned release that serves each object's apiVersion
   */
  readonly releases?: { [project: string]: string };

  /**
   * The Gateway API controller whose capabilities decide which route kinds attach and which backendRef kinds
   * resolve, by its value: 'envoy-gateway', 'istio', 'gke', 'kgateway', 'agentgateway' or 'any'.
   *
   * @default GatewayController.ANY - each route follows the controller its Gateway's GatewayClass names where the
   * manifests or the known objects hold that class; a kind no known controller serves is a warning
   */
  readonly controller?: GatewayController;

  /**
   * Check Pods and the pod templates of workloads against this level of the Pod Security Standards, by its value:
   * 'baseline' or 'restricted' (as the CLI's `--pod-security`).
   *
   * @default - not checked
   */
  readonly podSecurity?: PodSecurityLevel;
}

/** The part of cdk8s-cli's `ValidationContext` the plugin uses. */
interface PluginContext {
  readonly manifests: readonly string[];
  /**
   * cdk8s-cli's construct metadata (construct-metadata.json), by metadata.name; the report it hands the plugin
   * looks each violating resource's `resourceName` up in this same object.
   */
  readonly metadata?: { [resourceName: string]: { path: string } };
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
  parseManifest(manifestPath: string): any[];
}

const REASON = /^([A-Z][A-Za-z]+): /;

/**
 * A cdk8s-cli validation plugin that runs this library's offline validation (schema and CEL rules per
 * object, route attachment and reference resolution over all manifests) on the output of `cdk8s synth`.
 *
 * In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-ai-gateway
 *     version: 1.2.3          # the exact version installed in the app
 *     class: ManifestValidationPlugin
 *     properties:
 *       strict: true
 *       known: [cluster-objects.yaml]
 * ```
 *
 * Besides the `known` files, it reads the known-objects file the synth wrote beside the manifests
 * (`cdk8s-ai-gateway.known`), so that the objects the app's constructs declared as existing in the cluster
 * count as present, as they do in the synth-time check.
 */
export class ManifestValidationPlugin {
  private readonly properties: ManifestValidationPluginProperties;

  public constructor(properties: ManifestValidationPluginProperties = {}) {
    this.properties = properties;
  }

  /**
   * Validates the synthesized manifests and submits the report to cdk8s-cli.
   *
   * @param context cdk8s-cli's `ValidationContext`
   */
  public async validate(context: any): Promise<void> {
    const ctx = context as PluginContext;
    // The manifests cdk8s wrote and the known files of the properties are read as the CLI (and kubectl) reads them,
    // not with cdk8s-cli's own YAML parser (YAML 1.2: it would read `yes` as a string, kubectl as true).
    const read = (files: readonly string[]) => (files.length === 0 ? { objects: [], fileNames: [] }
      : readManifestFiles([...files], { allowEmpty: true }));
    const controller = parseController(String(this.properties.controller ?? GatewayController.ANY));
    if (controller === undefined) {
      ctx.report.addViolation({
        ruleName: 'Properties',
        recommendation: `the plugin's property controller is '${this.properties.controller}', which names no controller.`,
        fix: `Set controller to one of: ${[...KNOWN_CONTROLLERS, GatewayController.ANY].join(', ')}, or leave it out.`,
        violatingResources: [],
      });
      ctx.report.submit('failure');
      return;
    }
    const levels = Object.values(PodSecurityLevel) as string[];
    if (this.properties.podSecurity !== undefined && !levels.includes(String(this.properties.podSecurity))) {
      ctx.report.addViolation({
        ruleName: 'Properties',
        recommendation: `the plugin's property podSecurity is '${this.properties.podSecurity}', which names no level of the Pod Security Standards.`,
        fix: `Set podSecurity to one of: ${levels.join(', ')}, or leave it out.`,
        violatingResources: [],
      });
      ctx.report.submit('failure');
      return;
    }
    let input;
    let known;
    try {
      input = read(ctx.manifests);
      // Each file of `known` must hold objects: an empty or foreign file is an error naming it, not ignored.
      known = (this.properties.known ?? []).flatMap(file => knownObjectsOf(file, read([file]).objects));
      if (this.properties.readKnownObjectsFile ?? true) {
        for (const file of defaultKnownObjectsFiles([], ctx.manifests, this.properties.known ?? [])) {
          const objects = readKnownObjectsFile(file);
          ctx.logger.log(`known objects from ${file}: ${objects.length} (readKnownObjectsFile: false skips ${KNOWN_OBJECTS_FILE})`);
          known.push(...objects);
        }
      }
    } catch (e) {
      ctx.report.addViolation({
        ruleName: 'ReadManifests', recommendation: `cannot read the manifests: ${(e as Error).message}`, fix: 'Fix or remove the file.', violatingResources: [],
      });
      ctx.report.submit('failure');
      return;
    }
    let constructPaths: Map<string, string>;
    try {
      constructPaths = readConstructsFiles(ctx.manifests);
    } catch (e) {
      ctx.report.addViolation({
        ruleName: 'ReadManifests', recommendation: `cannot read the constructs file: ${(e as Error).message}`, fix: 'Delete the file and synthesize again.', violatingResources: [],
      });
      ctx.report.submit('failure');
      return;
    }
    const report = ManifestValidator.validate(input.objects, {
      fileNames: input.fileNames,
      knownObjects: known,
      strict: this.properties.strict ?? false,
      releases: this.properties.releases,
      controller,
      podSecurity: this.properties.podSecurity,
    });
    const resourceName = resourceNames(report.objects, constructPaths, ctx.metadata);
    for (const object of report.objects) {
      const where = `${object.kind} '${object.namespace === undefined ? '' : `${object.namespace}/`}${object.name}'`;
      for (const error of object.errors) {
        const reason = REASON.exec(error.message)?.[1];
        // A schema or built-in check names its keyword (minimum, pattern, unknown-field ...), a CEL rule its expression.
        const cel = error.rule !== undefined && isCelRule(error.rule);
        ctx.report.addViolation({
          ruleName: reason ?? (cel ? 'CEL' : 'Schema'),
          recommendation: `${where} ${error.path === '' ? '' : `${error.path}: `}${reason === undefined ? error.message : error.message.slice(reason.length + 2)}`,
          fix: cel ? `Make the object satisfy the CEL rule: ${error.rule}` : 'Change the field as the recommendation says.',
          violatingResources: [{ resourceName: resourceName(object), locations: [error.path], manifestPath: object.file ?? '' }],
        });
      }
      for (const warning of object.warnings) {
        ctx.logger.log(`warning: ${where} ${warning.path === '' ? '' : `${warning.path}: `}${warning.message}`);
      }
    }
    ctx.report.submit(report.ok ? 'success' : 'failure', {
      objects: String(report.objects.length),
      errors: String(report.errors),
      warnings: String(report.warnings),
      attached: `${report.parents.filter(p => p.attached).length}/${report.parents.length}`,
      resolved: `${report.backends.filter(b => b.resolved).length}/${report.backends.length}`,
    });
  }
}

/**
 * The `resourceName` of each object in the report's violations, and the construct path cdk8s-cli shows for it.
 *
 * cdk8s-cli finds a violating resource's construct by looking its resourceName up in the construct metadata, which is
 * keyed by metadata.name: objects that share a name would all be given the construct of the last one. So each object
 * gets a name unique to it, `<namespace>/<name> (<Kind>)` (`<name> (<Kind>)` without a namespace), entered in that
 * metadata with its own construct's path: from the constructs file the synth wrote beside the manifests, else from
 * cdk8s-cli's entry for its name when no other object has that name. Otherwise no path is given (cdk8s-cli prints N/A),
 * never another object's.
 */
function resourceNames(
  objects: readonly { apiVersion: string; kind: string; namespace?: string; name: string }[],
  constructPaths: ReadonlyMap<string, string>,
  metadata: { [resourceName: string]: { path: string } } | undefined,
): (object: { apiVersion: string; kind: string; namespace?: string; name: string }) => string {
  const perName = new Map<string, number>();
  for (const o of objects) perName.set(o.name, (perName.get(o.name) ?? 0) + 1);
  return object => {
    const label = `${object.namespace === undefined ? '' : `${object.namespace}/`}${object.name} (${object.kind})`;
    const constructPath = constructPaths.get(objectIdentity(object.apiVersion, object.kind, object.namespace, object.name))
      ?? (perName.get(object.name) === 1 ? metadata?.[object.name]?.path : undefined);
    if (metadata !== undefined && constructPath !== undefined) metadata[label] = { path: constructPath };
    return label;
  };
}
