// Proof 5, drift-free read-back: every object of the example app (dist/example, written by `npm run synth`),
// server-side applied, reads back from the API server equal to what was synthesized (driftedFields: no field the
// server added or changed), and applying the same output again changes no object's metadata.generation.
import * as fs from 'fs';
import * as path from 'path';
import { driftedFields } from './drift';
import { K8sObject, REPO, kubectl, log, readYamlDocs, table, toYaml } from './lib';
import { ensureNamespaces, id } from './proof1';

/** The object's key: the same name may come at two apiVersions from two charts (one per Gateway API release). */
const key = (o: K8sObject): string => `${o.apiVersion} ${id(o)}`;

/** The resource argument kubectl reads an object back with, at exactly its declared version: `Kind.version.group`. */
function resource(o: K8sObject): string {
  const slash = o.apiVersion.indexOf('/');
  // The core group has one version ('v1'), and kubectl would read `Kind.v1` as a group.
  return slash < 0 ? o.kind : `${o.kind}.${o.apiVersion.slice(slash + 1)}.${o.apiVersion.slice(0, slash)}`;
}

/** Server-side applies the objects of one file; the error text when the apply fails. */
function apply(objs: K8sObject[]): string | undefined {
  const r = kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager', 'integration', '-f', '-'], { input: toYaml(objs), timeoutSec: 120 });
  return r.code === 0 ? undefined : (r.stderr || r.stdout).trim().replace(/\s+/g, ' ').slice(0, 300);
}

/** Each object as the API server stores it, read at its declared apiVersion (undefined when it cannot be read). */
function readBack(objs: K8sObject[]): Map<string, K8sObject | undefined> {
  const out = new Map<string, K8sObject | undefined>();
  for (const o of objs) {
    const args = ['get', resource(o), o.metadata.name, '-o', 'json', ...(o.metadata.namespace ? ['-n', o.metadata.namespace] : [])];
    const r = kubectl(args);
    out.set(key(o), r.code === 0 ? JSON.parse(r.stdout) : undefined);
  }
  return out;
}

export function proof5(runDir: string): { passed: boolean; summary: string; rows: string[][] } {
  const dist = path.join(REPO, 'dist', 'example');
  const files = fs.readdirSync(dist).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dist, f));
  if (files.length === 0) throw new Error(`no YAML in ${dist}: run 'npm run synth' first`);
  const perFile = files.map((f) => ({ f, objs: readYamlDocs(f) }));
  log(`proof 5: applying ${perFile.reduce((n, x) => n + x.objs.length, 0)} objects of ${files.length} files (run ${path.basename(runDir)})`);
  const problems: string[] = [];
  const applyAll = (round: string): void => {
    for (const { f, objs } of perFile) {
      ensureNamespaces(objs);
      const error = apply(objs);
      if (error !== undefined) problems.push(`${round} apply of ${path.relative(REPO, f)} failed: ${error}`);
    }
  };

  applyAll('first');
  // Every object once: two files may declare the same one (then at the same or at another apiVersion, each read at its own).
  const unique = new Map<string, K8sObject>();
  for (const { objs } of perFile) for (const o of objs) unique.set(key(o), o);
  const objs = [...unique.values()];
  const first = readBack(objs);
  applyAll('second');
  const second = readBack(objs);

  const rows: string[][] = [];
  let drifted = 0;
  let driftedObjects = 0;
  let changedGenerations = 0;
  for (const o of objs) {
    const stored = first.get(key(o));
    const again = second.get(key(o));
    if (stored === undefined || again === undefined) {
      problems.push(`${key(o)} could not be read back`);
      rows.push([key(o), 'NOT FOUND', '-', '-']);
      continue;
    }
    const fields = driftedFields(o, stored);
    drifted += fields.length;
    if (fields.length > 0) driftedObjects++;
    const before = stored.metadata.generation;
    const after = again.metadata.generation;
    if (before !== after) changedGenerations++;
    const shown = fields.map((d) => `${d.path}=${JSON.stringify(d.stored)}`).join(', ');
    rows.push([key(o), fields.length === 0 ? 'none' : `${fields.length}: ${shown}`, String(before ?? '-'), String(after ?? '-') + (before !== after ? ' CHANGED' : '')]);
    for (const d of fields) log(`proof 5: drift ${key(o)} ${d.path}: declared ${JSON.stringify(d.declared)}, stored ${JSON.stringify(d.stored)}`);
  }
  console.log('\nProof 5, drift-free read-back (object | drifted fields | generation before | after re-apply)\n');
  console.log(table(['object', 'drifted fields', 'generation', 'after re-apply'], rows));
  for (const p of problems) log(`proof 5: ${p}`);
  const summary = `${objs.length} objects: ${drifted} drifted fields in ${driftedObjects} objects, ` +
    `${changedGenerations} generations changed by the re-apply${problems.length ? `, ${problems.length} problems` : ''}`;
  console.log(`\nproof 5: ${summary}`);
  return { passed: drifted === 0 && changedGenerations === 0 && problems.length === 0, summary, rows };
}
