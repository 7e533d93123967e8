/**
 * Reading manifests from files for the CLI and the cdk8s-cli plugin, as kubectl reads them (kube-yaml.ts):
 * multi-document YAML 1.1 or a JSON stream, `kind: List` expanded, empty and `null` documents skipped; directories are
 * read for *.yaml, *.yml and *.json files, recursively, in name order, but for the files cdk8s-cli writes beside the
 * manifests that hold no object (NOT_MANIFESTS: construct-metadata.json), which are skipped and reported.
 *
 * Only regular files are read (a link to one is followed): a FIFO, socket or device, a link to one, a dangling link or
 * a link loop is never opened for reading. Named on the command line it is a read error; met in a directory it is
 * skipped and reported. A file may hold at most MAX_FILE_BYTES, all input together MAX_TOTAL_BYTES.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isObject } from './attachment-index';
import { KubeYamlError, readKubeDocuments } from './kube-yaml';

/** The most a manifest file (or standard input) may hold: 64 MiB. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** The most all manifest files of one run may hold together: 256 MiB. */
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

/** Where an object was read: its document's start and text. */
export interface ObjectSource {
  /** Line of the object's first content, from 1. */
  readonly line: number;
  /** Column of the object's first content, from 1. */
  readonly column: number;
  /** The text of the object's document. */
  readonly text: string;
  /** Line of the first line of `text`, from 1. */
  readonly textLine: number;
  /** For an item of a `kind: List` document: its path there (`items[3]`). */
  readonly prefix?: string;
}

/** A path met while scanning a directory that is not read, and why. */
export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

/** Objects read from files, with the file and source of each. */
export interface ManifestFiles {
  readonly objects: any[];
  readonly fileNames: string[];
  readonly sources: ObjectSource[];
  readonly skipped: SkippedPath[];
  /** Per path given, in order: how many objects it held (a directory: all its files together). */
  readonly objectsPerPath: number[];
}

/** The files the given paths name, before any is read: what a run will read, and how much. */
export interface ManifestList {
  /** The paths as given ('-' for standard input). */
  readonly paths: string[];
  /** The files to read, in order: a directory's manifest files in name order, recursively. */
  readonly files: string[];
  /** Per file: the index in `paths` of the path it was found under. */
  readonly pathIndex: number[];
  /** Paths met while scanning a directory that will not be read, and why. */
  readonly skipped: SkippedPath[];
  /** The size of the files together (standard input counts 0: its size is known only once read). */
  readonly bytes: number;
}

/** A file that cannot be read or parsed. */
export class ManifestReadError extends Error {}

/** Options of readManifestFiles(). */
export interface ReadOptions {
  /** Accept input without any object (--known files, the lock command, which say so themselves). */
  readonly allowEmpty?: boolean;
}

/** Reads every manifest of the given files and directories ('-' reads standard input). */
export function readManifestFiles(paths: string[], options: ReadOptions = {}): ManifestFiles {
  return readManifestList(listManifestFiles(paths), options);
}

/**
 * The files the paths name, with their total size, without reading any: a path that is missing or not readable is a
 * ManifestReadError, as for readManifestFiles().
 */
export function listManifestFiles(paths: string[]): ManifestList {
  const skipped: SkippedPath[] = [];
  const found: { file: string; size: number }[][] = paths.map(p => expand(p, skipped));
  return {
    paths,
    files: found.flatMap(f => f.map(x => x.file)),
    pathIndex: found.flatMap((f, i) => f.map(() => i)),
    skipped,
    bytes: found.flat().reduce((n, x) => n + x.size, 0),
  };
}

/** Reads the manifests of the listed files. */
export function readManifestList(list: ManifestList, options: ReadOptions = {}): ManifestFiles {
  const objects: any[] = [];
  const fileNames: string[] = [];
  const sources: ObjectSource[] = [];
  const objectsPerPath = list.paths.map(() => 0);
  let total = 0;
  const files = list.files;
  for (let f = 0; f < files.length; f++) {
    const file = files[f];
    const text = readText(file);
    total += text.length;
    if (total > MAX_TOTAL_BYTES) {
      throw new ManifestReadError(`${file}: the input is larger than ${MAX_TOTAL_BYTES / 1024 / 1024} MiB in all (the limit of one run). ` +
        'Validate the files in parts.');
    }
    const parsed = parseManifestSources(text, file);
    objectsPerPath[list.pathIndex[f]] += parsed.objects.length;
    for (let i = 0; i < parsed.objects.length; i++) {
      objects.push(parsed.objects[i]);
      fileNames.push(file);
      sources.push(parsed.sources[i]);
    }
  }
  if (objects.length === 0 && !options.allowEmpty) {
    const what = files.length === 0 ? `no *.yaml, *.yml or *.json file in ${list.paths.join(', ')}` : files.map(f => (f === '-' ? 'standard input' : f)).join(', ');
    throw new ManifestReadError(`no Kubernetes objects in the input: ${what} (an empty \`helm template\` or \`kubectl get\` output?). ` +
      'Give files that hold manifests.');
  }
  return { objects, fileNames, sources, skipped: list.skipped, objectsPerPath };
}

/** Parses the documents of one YAML or JSON text, as kubectl reads them. */
export function parseManifests(text: string, file: string): any[] {
  return parseManifestSources(text, file).objects;
}

/** The objects of one text with where each starts. Each document must be a mapping, as kubectl requires. */
export function parseManifestSources(text: string, file: string): { objects: any[]; sources: ObjectSource[] } {
  let documents;
  try {
    documents = readKubeDocuments(text);
  } catch (e) {
    if (e instanceof KubeYamlError) throw new ManifestReadError(`${file}:${e.line}:${e.column}: ${e.reason}`);
    throw e;
  }
  const objects: any[] = [];
  const sources: ObjectSource[] = [];
  for (const d of documents) {
    const value: any = d.value;
    if (!isObject(value)) {
      const shown = JSON.stringify(value);
      throw new ManifestReadError(`${file}:${d.line}:${d.column}: the document is ${Array.isArray(value) ? 'a list' : `the ${typeof value}`} ` +
        `${shown.length > 60 ? `${shown.slice(0, 60)}...` : shown}, not a Kubernetes object (a mapping with apiVersion, kind and ` +
        'metadata): kubectl refuses it. Is the file YAML?');
    }
    const source = { line: d.line, column: d.column, text: d.text, textLine: d.textLine };
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item: unknown, i: number) => {
        objects.push(item);
        sources.push({ ...source, prefix: `items[${i}]` });
      });
    } else {
      objects.push(value);
      sources.push(source);
    }
  }
  return { objects, sources };
}

/** Why a path is not a regular file (or a link to one) that can be read, or undefined. */
function notRegular(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'a symbolic link loop';
    if (code === 'ENOENT') {
      try {
        if (fs.lstatSync(file).isSymbolicLink()) return `a dangling symbolic link (to ${fs.readlinkSync(file)})`;
      } catch {
        // not there at all
      }
      return 'no such file or directory';
    }
    return `cannot read it (${(e as Error).message})`;
  }
  if (stat.isFile()) return undefined;
  const what = stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device'
    : 'not a regular file';
  return `${what}${fs.lstatSync(file).isSymbolicLink() ? ' behind a symbolic link' : ''}, not a regular file: only regular files are read`;
}

function readText(file: string): string {
  if (file === '-') return readBounded(0, 'standard input');
  const problem = notRegular(file);
  if (problem !== undefined) throw new ManifestReadError(`${file}: ${problem}.`);
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since, opening it does not wait for a writer.
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new ManifestReadError(`${file}: cannot read the file (${(e as Error).message}).`);
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new ManifestReadError(`${file}: not a regular file: only regular files are read.`);
    return readBounded(fd, file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a file descriptor up to MAX_FILE_BYTES. */
function readBounded(fd: number, name: string): string {
  const chunks: Buffer[] = [];
  let size = 0;
  const buffer = Buffer.alloc(1024 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buffer, 0, buffer.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a millisecond rather than spin.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      if (code === 'EOF') break;
      throw new ManifestReadError(`${name}: cannot read it (${(e as Error).message}).`);
    }
    if (n === 0) break;
    size += n;
    if (size > MAX_FILE_BYTES) {
      throw new ManifestReadError(`${name}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB, the limit of one manifest file. Split it.`);
    }
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

const MANIFEST = /\.(ya?ml|json)$/;

/**
 * Files that cdk8s-cli writes into an output folder beside the manifests and that hold no Kubernetes object, by name:
 * met in a directory they are skipped, and named on stderr (`skipped` in `--json`). Given by name they are read.
 */
export const NOT_MANIFESTS: { readonly [name: string]: string } = {
  'construct-metadata.json': "cdk8s-cli's construct metadata (written for validation plugins), not a manifest",
};

function expand(file: string, skipped: SkippedPath[], ancestors: Set<string> = new Set()): { file: string; size: number }[] {
  if (file === '-') return [{ file, size: 0 }];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    if (ancestors.size === 0) throw new ManifestReadError(`${file}: ${notRegular(file) ?? 'cannot read it'}.`);
    if (MANIFEST.test(file)) skipped.push({ path: file, reason: notRegular(file) ?? 'cannot read it' });
    return [];
  }
  if (!stat.isDirectory()) {
    if (ancestors.size === 0) return [{ file, size: stat.isFile() ? stat.size : 0 }];
    if (!MANIFEST.test(file)) return [];
    const foreign = NOT_MANIFESTS[path.basename(file)];
    if (foreign !== undefined) {
      skipped.push({ path: file, reason: foreign });
      return [];
    }
    const problem = notRegular(file);
    if (problem !== undefined) {
      skipped.push({ path: file, reason: problem });
      return [];
    }
    return [{ file, size: stat.size }];
  }
  const real = fs.realpathSync(file);
  if (ancestors.has(real)) {
    skipped.push({ path: file, reason: `a link to the directory ${real}, which contains it (a directory link loop)` });
    return [];
  }
  const inner = new Set(ancestors).add(real);
  return fs.readdirSync(file).sort().flatMap(name => expand(path.join(file, name), skipped, inner));
}
