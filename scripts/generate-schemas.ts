/**
 * Regenerates `schemas/`, the validation data of the offline validator, from the pinned upstream CRDs in
 * ../shared/crds and the pinned OpenAPI documents of the Kubernetes API server in ../shared/kubernetes-openapi
 * (the built-in kinds, see kubernetes-openapi.ts).
 *
 * For every pinned release (one folder of ../shared/crds, as listed in its SOURCES.md) it writes one JSON
 * file holding, for every CustomResourceDefinition of that release and every version the CRD serves, the
 * `openAPIV3Schema` without its documentation (descriptions and examples), which validation never reads.
 * Versions of a kind whose schemas are identical share one entry. `schemas/index.json` lists the releases
 * and, for each, the group/version/kind triples it serves, so that the validator chooses a release without
 * reading the large files.
 *
 * The CRD files themselves are never copied into the project. The output is deterministic: the same CRDs
 * give byte-identical files, and CI fails when the committed files differ from what this script writes.
 *
 * Usage: `npx projen schemas` (set CDK8S_AI_GATEWAY_CRDS to read the CRDs from another folder).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { kubernetesReleases } from './kubernetes-openapi';
import { CRDS_DIR, readUpstreamSources, requireCrdsDir, ROOT, sha256File } from './pinned-crds';
import { compactCelAst } from '../src/validation/schema/cel-ast';

const OUT_DIR = path.join(ROOT, 'schemas');

/** expression → compact parsed tree, for every x-kubernetes-validations rule and messageExpression, in expression order. */
function celAstsOf(schemas: Record<string, any>): Record<string, string> {
  const expressions = new Set<string>();
  const walk = (s: any) => {
    if (s === null || typeof s !== 'object') return;
    if (Array.isArray(s)) {
      s.forEach(walk);
      return;
    }
    for (const rule of s['x-kubernetes-validations'] ?? []) {
      expressions.add(rule.rule);
      if (typeof rule.messageExpression === 'string') expressions.add(rule.messageExpression);
    }
    for (const [key, value] of Object.entries(s)) if (key !== 'x-kubernetes-validations') walk(value);
  };
  walk(schemas);
  const asts: Record<string, string> = {};
  for (const expression of [...expressions].sort()) {
    try {
      asts[expression] = compactCelAst(expression);
    } catch {
      // An expression the parser refuses is compiled (and reported) at validation time.
    }
  }
  return asts;
}

/** Schema keywords whose value is documentation only. */
const DOC_KEYWORDS = new Set(['description', 'example', 'externalDocs', 'title']);


function main() {
  requireCrdsDir();
  const upstream = readUpstreamSources();

  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });

  const index: any[] = [];
  for (const folder of [...upstream.keys()].sort()) {
    const origin = upstream.get(folder)!;
    const [project, releaseDir] = folder.split('/');
    const channel = /-(experimental|standard)$/.exec(releaseDir)?.[1];
    const release = origin.tag;
    const id = `${project}-${release}${channel ? `-${channel}` : ''}`;

    const kinds: any[] = [];
    const schemas: Record<string, any> = {};
    const crdFiles: any[] = [];
    const dir = path.join(CRDS_DIR, folder);
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
      let found = false;
      for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        found = true;
        const versions: any[] = [];
        for (const v of crd.spec.versions as any[]) {
          if (!v.served) continue;
          const schema = stripDocs(v.schema?.openAPIV3Schema ?? { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true });
          const text = JSON.stringify(schema);
          const schemaId = createHash('sha256').update(text).digest('hex').slice(0, 16);
          schemas[schemaId] = schema;
          versions.push({
            name: v.name,
            schema: schemaId,
            // With the status subresource, the API server ignores `status` on create (the controller writes it).
            ...(v.subresources?.status !== undefined ? { statusSubresource: true } : {}),
            ...(v.deprecated ? { deprecated: true } : {}),
            ...(v.deprecationWarning ? { deprecationWarning: v.deprecationWarning } : {}),
          });
        }
        kinds.push({ group: crd.spec.group, kind: crd.spec.names.kind, plural: crd.spec.names.plural, scope: crd.spec.scope, versions });
      }
      if (found) {
        crdFiles.push({ path: path.posix.join(folder, file), sha256: sha256File(path.join(dir, file)) });
      }
    }
    kinds.sort((a, b) => `${a.group}/${a.kind}`.localeCompare(`${b.group}/${b.kind}`));
    const sortedSchemas = Object.fromEntries(Object.keys(schemas).sort().map(k => [k, schemas[k]]));

    const file = `${id}.json`;
    const data = {
      '//': 'Generated by scripts/generate-schemas.ts (npx projen schemas) from the pinned CRDs in ../shared/crds. Do not edit.',
      'project': project,
      'release': release,
      'channel': channel,
      'repository': origin.repository,
      'upstreamPath': origin.path,
      crdFiles,
      kinds,
      'schemas': sortedSchemas,
      // Every rule parsed ahead of time, so that validate does not parse them on each run (cel-ast.ts).
      'celAsts': celAstsOf(sortedSchemas),
    };
    fs.writeFileSync(path.join(OUT_DIR, file), JSON.stringify(data) + '\n');
    index.push({
      id,
      project,
      release,
      channel,
      file,
      served: kinds.flatMap(k => k.versions.map((v: any) => `${k.group}/${v.name}/${k.kind}`)).sort(),
      scopes: Object.fromEntries(kinds.map(k => [`${k.group}/${k.kind}`, k.scope])),
    });
  }

  // The built-in kinds, from the pinned OpenAPI documents of the Kubernetes API server (see kubernetes-openapi.ts).
  for (const k8s of kubernetesReleases()) {
    fs.writeFileSync(path.join(OUT_DIR, k8s.file), JSON.stringify(k8s.data) + '\n');
    index.push(k8s.indexEntry);
  }

  const record = {
    '//': 'Generated by scripts/generate-schemas.ts (npx projen schemas) from the pinned CRDs in ../shared/crds and the pinned OpenAPI documents in ../shared/kubernetes-openapi. Do not edit.',
    'releases': index,
  };
  fs.writeFileSync(path.join(OUT_DIR, 'index.json'), JSON.stringify(record, null, 1) + '\n');
  console.log(`schemas/: ${index.length} releases, ${index.reduce((n, r) => n + r.served.length, 0)} served kind versions`);
}

/** The schema without documentation keywords; property names (which may be 'description') are kept. */
function stripDocs(schema: any): any {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const result: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOC_KEYWORDS.has(key)) continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      result[key] = Object.fromEntries(Object.entries(value as any).map(([name, sub]) => [name, stripDocs(sub)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not' || key === 'additionalItems') {
      result[key] = Array.isArray(value) ? value.map(stripDocs) : stripDocs(value);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      result[key] = (value as any[]).map(stripDocs);
    } else {
      // default, enum, x-kubernetes-validations...: values, kept as they are.
      result[key] = value;
    }
  }
  return result;
}


main();
