/**
 * Reading manifests from files for the CLI and the cdk8s-cli plugin: multi-document YAML (or JSON) of
 * any origin, `kind: List` expanded, empty documents skipped; directories are read for *.yaml, *.yml and
 * *.json files, recursively, in name order.
 */
import * as fs from 'fs';
import * as path from 'path';
// yaml is a bundled runtime dependency of the package (declared with the schema validation data).
// eslint-disable-next-line import/no-extraneous-dependencies
import * as YAML from 'yaml';
import { expandDocuments } from './manifest-validator';

/** Objects read from files, with the file of each. */
export interface ManifestFiles {
  readonly objects: any[];
  readonly fileNames: string[];
}

/** A file that cannot be read or parsed. */
export class ManifestReadError extends Error {}

/** Reads every manifest of the given files and directories ('-' reads standard input). */
export function readManifestFiles(paths: string[]): ManifestFiles {
  const objects: any[] = [];
  const fileNames: string[] = [];
  for (const file of paths.flatMap(expand)) {
    let text: string;
    try {
      text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ManifestReadError(`${file}: cannot read the file (${(e as Error).message}).`);
    }
    for (const object of parseManifests(text, file)) {
      objects.push(object);
      fileNames.push(file);
    }
  }
  return { objects, fileNames };
}

/** Parses the documents of one YAML or JSON text. */
export function parseManifests(text: string, file: string): any[] {
  const documents: any[] = [];
  for (const document of YAML.parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new ManifestReadError(`${file}: not valid YAML: ${document.errors[0].message}`);
    }
    documents.push(document.toJS({ maxAliasCount: 1000 }));
  }
  return expandDocuments(documents);
}

function expand(file: string): string[] {
  if (file === '-') return [file];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ManifestReadError(`${file}: no such file or directory.`);
  }
  if (!stat.isDirectory()) return [file];
  return fs.readdirSync(file).sort()
    .map(name => path.join(file, name))
    .flatMap(child => (fs.statSync(child).isDirectory() ? expand(child) : /\.(ya?ml|json)$/.test(child) ? [child] : []));
}
