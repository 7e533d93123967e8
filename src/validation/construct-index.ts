/**
 * The constructs file: which construct made each object of a synth, by the object's identity (group, kind, namespace,
 * name). The synth writes it beside the manifests when cdk8s records construct metadata (as it does under
 * `cdk8s synth` with validation plugins), and the cdk8s-cli plugin reads it so that its report names the construct of
 * each violating object.
 *
 * cdk8s-cli's own `construct-metadata.json` is keyed by metadata.name alone: objects that share a name (the
 * GatewayClass, Gateway, EnvoyProxy and ClientTrafficPolicy of one AiGateway) share one entry, the last written, and a
 * report would name the wrong construct for the others.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { objectIdentity } from './attachment-index';

/**
 * The file's name. It does not end in .yaml, .yml or .json, so that neither kubectl (`apply -f DIR`), cdk8s-cli
 * nor `validate DIR` reads it as manifests.
 */
export const CONSTRUCTS_FILE = 'cdk8s-ai-gateway.constructs';

const FORMAT_VERSION = 1;

/** One object of the synth and the path of the construct that made it. */
export interface ConstructEntry {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly path: string;
}

/** The entry of each object, in the given order. */
export function constructEntries(objects: readonly ApiObject[]): ConstructEntry[] {
  return objects.map(o => {
    const namespace = o.metadata.namespace;
    return { apiVersion: o.apiVersion, kind: o.kind, ...(namespace === undefined ? {} : { namespace }), name: o.name, path: o.node.path };
  });
}

/** The file's text: one JSON document, objects in synth order. */
export function constructsText(entries: readonly ConstructEntry[]): string {
  return `${JSON.stringify({ version: FORMAT_VERSION, objects: entries }, undefined, 1)}\n`;
}

/**
 * The construct paths of the constructs files beside the given manifests (one per directory), by object identity
 * (attachment-index.ts's `objectIdentity`, as the validator's duplicate check and lookups use it). A directory
 * without the file adds nothing; a file that cannot be read or is not one of ours throws, naming it.
 */
export function readConstructsFiles(manifests: readonly string[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const dir of [...new Set(manifests.map(m => path.dirname(path.resolve(m))))].sort()) {
    const file = path.join(dir, CONSTRUCTS_FILE);
    let text: string;
    try {
      if (!fs.statSync(file).isFile()) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`${file}: cannot read it (${(e as Error).message}).`);
    }
    let content: any;
    try {
      content = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file}: not JSON (${(e as Error).message}). Delete it; the next synth writes it again.`);
    }
    if (content?.version !== FORMAT_VERSION || !Array.isArray(content.objects)) {
      throw new Error(`${file}: not a constructs file of version ${FORMAT_VERSION}. Delete it; the next synth writes it again.`);
    }
    for (const o of content.objects) {
      if (typeof o?.apiVersion === 'string' && typeof o.kind === 'string' && typeof o.name === 'string' && typeof o.path === 'string') {
        paths.set(objectIdentity(o.apiVersion, o.kind, typeof o.namespace === 'string' ? o.namespace : undefined, o.name), o.path);
      }
    }
  }
  return paths;
}
