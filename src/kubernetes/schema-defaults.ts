import { ApiObject } from 'cdk8s';
// Used as a type only, so TypeScript drops this import: the schema data is loaded on the first render (defaulter()).
import { schemaDefaulter } from '../validation/schema/defaults';
import { PinnedProject } from '../validation/targets';

/**
 * Makes the manifest of a custom resource carry the defaults the API server sets from the CRD schema of the
 * targeted release (a backendRef's `weight`, a Backend's `type`, an InferencePool's `appProtocol` ...), so that
 * the object read back after an apply equals the manifest: GitOps tools see no difference, and re-applying the
 * same output changes nothing. Fields the construct or the user set are kept as they are.
 *
 * The defaults are set each time the object renders, after its JSON patches, so they follow what was added
 * later. Kinds the release does not serve render unchanged (the validation reports them).
 *
 * @returns the object
 */
export function emitSchemaDefaults<T extends ApiObject>(object: T, project: PinnedProject, release: string): T {
  const render = object.toJson.bind(object);
  object.toJson = () => {
    const manifest = render();
    return defaulter()(project, release, object.apiVersion, object.kind)?.applyTo(manifest) ?? manifest;
  };
  return object;
}

/** The defaulter's module, loaded on its first use: importing a construct reads no schema. */
function defaulter(): typeof schemaDefaulter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../validation/schema/defaults') as { schemaDefaulter: typeof schemaDefaulter }).schemaDefaulter;
}
