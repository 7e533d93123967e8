/**
 * The known-objects file: the objects the constructs of an app declared as existing in the cluster
 * (`declareKnown()`: Namespaces with their labels, Services and their ports, Secrets, existing Gateways), which
 * the synth writes beside the YAML as `cdk8s-ai-gateway.known`. `cdk8s-ai-gateway validate` and `graph`, and the
 * cdk8s-cli validation plugin, read it by default for the manifests of its directory, so that strict checking of
 * the written files agrees with the synth-time check.
 *
 * Its format is the one `--known FILE` reads: multi-document YAML of objects in manifest form (apiVersion, kind,
 * metadata.name, metadata.namespace, metadata.labels, spec), one per identity, in identity order. Its name ends
 * in neither .yaml, .yml nor .json, so neither `kubectl apply -f DIR` (nor `-R`) nor the validator reading a
 * directory takes it for a manifest.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isObject, namespaceOf, objectIdentity } from './attachment-index';
import { KubeYamlError, readKubeDocuments } from './kube-yaml';
import { kubeYamlStringify } from './kube-yaml-write';
import { ManifestReadError } from './manifest-files';
import { ManifestValidator } from './manifest-validator';
import { KnownObject } from './report';
import { compareStrings, sortedMap } from '../kubernetes/order';

/** The name of the known-objects file in an app's output directory. */
export const KNOWN_OBJECTS_FILE = 'cdk8s-ai-gateway.known';

const HEADER = [
  '# The objects this cdk8s app refers to but does not create, as its constructs declared them: they exist in the',
  '# cluster. Written by the synth (cdk8s-ai-gateway) beside the manifests, and rewritten by every synth. Not a',
  '# manifest to apply: kubectl reads only *.yaml, *.yml and *.json files. `cdk8s-ai-gateway validate` and `graph`',
  '# and the cdk8s-cli validation plugin read it for the manifests of this directory, as they read --known FILE.',
].join('\n');

const FIX = 'The synth writes this file: synthesize the app again, fix the document, or delete the file ' +
  '(validate and graph skip it with --no-known-file).';

/**
 * The text of the known-objects file: one document per identity (the first declaration of each wins, as in the
 * synth-time check), sorted by API group, kind, namespace and name, labels in key order. The same objects give
 * the same bytes, whatever the order of declaration.
 */
export function knownObjectsText(known: KnownObject[]): string {
  const byIdentity = new Map<string, KnownObject>();
  for (const object of known) {
    const identity = objectIdentity(object.apiVersion, object.kind, object.namespace, object.name);
    if (!byIdentity.has(identity)) byIdentity.set(identity, object);
  }
  const documents = [...byIdentity.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, object]) => {
    const metadata: { [key: string]: unknown } = { name: object.name };
    if (object.namespace !== undefined) metadata.namespace = object.namespace;
    const labels = sortedMap(object.labels);
    if (labels !== undefined) metadata.labels = labels;
    const manifest: { [key: string]: unknown } = { apiVersion: object.apiVersion, kind: object.kind, metadata };
    if (object.spec !== undefined) manifest.spec = object.spec;
    // Plain data only: undefined fields dropped, as in the YAML cdk8s writes.
    // Written so that kubectl's YAML 1.1 reads it back as it is (a name `no` is quoted).
    return kubeYamlStringify(JSON.parse(JSON.stringify(manifest)));
  });
  return `${HEADER}\n${documents.length === 0 ? '# (none)\n' : documents.join('---\n')}`;
}

/** What the synth writes in a known-objects file without objects, after the header. */
const NONE_MARKER = '# (none)';

/**
 * Reads a known-objects file. A document that is not valid YAML or not an object with apiVersion, kind and
 * metadata.name is an error naming the file, the document index, the field and the value; so are two documents
 * with one identity (the synth writes one per identity), and a file without any object that does not say so
 * with the `# (none)` line the synth writes (an empty or truncated file).
 */
export function readKnownObjectsFile(file: string): KnownObject[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ManifestReadError(`${file}: cannot read the known-objects file (${(e as Error).message}).`);
  }
  const objects: any[] = [];
  const seen = new Map<string, number>();
  let documents;
  try {
    documents = readKubeDocuments(text);
  } catch (e) {
    if (e instanceof KubeYamlError) throw new ManifestReadError(`${file}:${e.line}:${e.column}: ${e.reason} ${FIX}`);
    throw e;
  }
  documents.forEach((document, index) => {
    const value: any = document.value;
    const problem = knownDocumentProblem(value);
    if (problem !== undefined) throw new ManifestReadError(`${file}:${document.line}:${document.column} document ${index}: ${problem} ${FIX}`);
    const identity = objectIdentity(value.apiVersion, value.kind, value.metadata.namespace, value.metadata.name);
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      throw new ManifestReadError(`${file}:${document.line}:${document.column} document ${index}: ${value.kind} '${describeName(value)}' ` +
        `is also document ${earlier}; the file holds one document per object. ${FIX}`);
    }
    seen.set(identity, index);
    objects.push(value);
  });
  if (objects.length === 0 && !text.split(/\r?\n/).some(line => line.trim() === NONE_MARKER)) {
    throw new ManifestReadError(`${file}: holds no object, and not the '${NONE_MARKER}' line the synth writes when its app ` +
      `declares none (the file is ${text.trim() === '' ? 'empty' : 'only comments'}: written by something else, or cut short). ${FIX}`);
  }
  return ManifestValidator.knownFromManifests(objects);
}

/**
 * The known objects of manifests read from a file given as known (`--known FILE`, the plugin's `known`): every
 * object must be a Kubernetes object in manifest form (apiVersion, kind, metadata.name), and the file must hold at
 * least one, else it is an error naming the file (an empty answer of `kubectl get`, a file of the wrong kind).
 *
 * @param file the file (or directory) as given, for messages
 * @param objects its objects, `kind: List` expanded
 */
export function knownObjectsOf(file: string, objects: readonly any[]): KnownObject[] {
  const fix = 'Give a file of the objects that exist in the cluster in manifest form, for example the output of ' +
    '`kubectl get gateways,namespaces -A -o yaml`, or leave the option out.';
  if (objects.length === 0) {
    throw new ManifestReadError(`${file}: given as known objects, but holds no Kubernetes object (it is empty, or only comments). ${fix}`);
  }
  objects.forEach((object, index) => {
    const problem = knownDocumentProblem(object);
    if (problem !== undefined) throw new ManifestReadError(`${file} object ${index}: given as a known object, but ${uncapitalized(problem)} ${fix}`);
  });
  return ManifestValidator.knownFromManifests([...objects]);
}

function uncapitalized(text: string): string {
  return text.length > 0 ? text[0].toLowerCase() + text.slice(1) : text;
}

function describeName(value: any): string {
  const namespace = namespaceOf(value);
  return namespace === undefined ? value.metadata.name : `${namespace}/${value.metadata.name}`;
}

/** What makes a document of the known-objects file unusable, or undefined. */
function knownDocumentProblem(value: unknown): string | undefined {
  const shown = (v: unknown) => (v === undefined ? 'missing' : `${JSON.stringify(v)}`);
  if (!isObject(value)) return `the document is ${shown(value)}, not an object. Each document is one object in manifest form.`;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      return `${field} is ${shown(value[field])}. Give the object's ${field} as a string, for example ` +
        `${field === 'apiVersion' ? "'v1'" : "'Namespace'"}.`;
    }
  }
  const metadata = value.metadata;
  if (!isObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    return `metadata.name is ${shown(isObject(metadata) ? metadata.name : undefined)}. Give the object's name as a string.`;
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') {
    return `metadata.namespace is ${shown(metadata.namespace)}. Give the namespace as a string, or leave it out for cluster-scoped kinds.`;
  }
  if (metadata.labels !== undefined
    && (!isObject(metadata.labels) || Object.values(metadata.labels).some(v => typeof v !== 'string'))) {
    return `metadata.labels is ${shown(metadata.labels)}. Give the labels as a map of strings, for example { team: 'platform' }.`;
  }
  return undefined;
}

/**
 * The known-objects files validation reads by default for a set of manifests: the one in each directory given
 * and the one beside each manifest file, each once, in the order first met; only those that exist.
 *
 * @param paths the files and directories given ('-' is standard input, beside no file)
 * @param manifestFiles the files the manifests were read from
 * @param explicit the files given as known explicitly, left out here
 */
export function defaultKnownObjectsFiles(paths: readonly string[], manifestFiles: readonly string[], explicit: readonly string[] = []): string[] {
  const directories = [
    ...paths.filter(p => p !== '-' && isDirectory(p)),
    ...manifestFiles.filter(f => f !== '-').map(f => path.dirname(f)),
  ];
  const seen = new Set(explicit.map(f => path.resolve(f)));
  const files: string[] = [];
  for (const directory of directories) {
    const file = path.join(directory, KNOWN_OBJECTS_FILE);
    if (seen.has(path.resolve(file))) continue;
    seen.add(path.resolve(file));
    if (isFile(file)) files.push(file);
  }
  return files;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
