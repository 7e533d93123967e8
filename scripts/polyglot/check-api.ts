/**
 * The public API is usable from every language we publish (Python, Java, Go, and TypeScript):
 * reads the jsii assembly (.jsii) the compile step wrote and fails on
 *  - a name reserved in Python, Java or Go (jsii's own word lists; the compile step silences JSII5018 because
 *    `namespace`, reserved only in C#, is the Kubernetes word and C# is not a target),
 *  - a union type anywhere in the public API,
 *  - `any` (or untyped JSON) outside the few places listed in ALLOWED_ANY, each with its reason.
 * Run by the compile task after `jsii --fail-on-warnings`, so any of these fails the build.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The languages we publish besides TypeScript (see publishTo* in .projenrc.ts). */
export const TARGET_LANGUAGES = ['Python', 'Java', 'Go'];

/** Public `any` that stays, and why: JSON as written in manifests, or signatures fixed by others. */
export const ALLOWED_ANY: { [where: string]: string } = {
  'KnownObject.spec': 'JSON: the spec of an existing object, as written in its manifest',
  'ParentVerdict.parentRef': 'JSON: the parentRef as written in the route being judged',
  'ReferenceVerdict.backendRef': 'JSON: the reference as written in the object being judged',
  'PolicyVerdict.targetRef': 'JSON: the targetRef as written in the policy being judged',
  'ManifestValidator.validate(manifests)': 'JSON: parsed manifests of any kind',
  'ManifestValidator.knownFromManifests(manifests)': 'JSON: parsed manifests of any kind',
  'RouteMap.render(manifests)': 'JSON: parsed manifests of any kind',
  'ManifestValidationPlugin.validate(context)': "cdk8s-cli's plugin signature (a TypeScript-only type)",
  'NvcfGateway.isNvcfGateway(x)': 'type guard: takes any value, as Construct.isConstruct does',
  'AiGateway.isAiGateway(x)': 'type guard: takes any value, as Construct.isConstruct does',
};

type ReservedCheck = (name: string) => string[] | undefined;

/** jsii's own reserved-word lists (the same function its JSII5018 warning uses). */
export function jsiiReservedCheck(): ReservedCheck {
  const jsiiDir = path.dirname(require.resolve('jsii/package.json'));
  // Not in the package's exports: loaded by file path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(jsiiDir, 'lib', 'reserved-words.js')).isReservedName;
}

/** Problems of a jsii assembly's own types for the target languages; empty when the API is clean. */
export function apiProblems(assembly: any, isReserved: ReservedCheck, languages = TARGET_LANGUAGES,
  allowedAny: { [where: string]: string } = ALLOWED_ANY): string[] {
  const problems: string[] = [];
  const prefix = `${assembly.name}.`;
  const reserved = (where: string, name: string) => {
    const hit = (isReserved(name) ?? []).filter(l => languages.includes(l));
    if (hit.length > 0) {
      problems.push(`${where}: '${name}' is a reserved word in ${hit.join(', ')}. Rename it (jsii JSII5018).`);
    }
  };
  const typeRef = (where: string, ref: any) => {
    if (ref === undefined || ref === null || typeof ref !== 'object') return;
    if (ref.union !== undefined) {
      problems.push(`${where}: is a union type (${JSON.stringify(ref.union.types)}). Use one type, or a class with static factories.`);
      return;
    }
    if (ref.primitive === 'any' || ref.primitive === 'json') {
      if (allowedAny[where] === undefined) {
        problems.push(`${where}: is '${ref.primitive}', which no other language can check. Give it a type ` +
          '(an interface, class or enum), or list it in ALLOWED_ANY with its reason.');
      }
      return;
    }
    if (ref.collection !== undefined) typeRef(where, ref.collection.elementtype);
  };
  const callable = (typeName: string, m: any, name: string) => {
    const where = `${typeName}.${name}`;
    if (m.name !== undefined) reserved(where, m.name);
    for (const p of m.parameters ?? []) {
      reserved(`${where}(${p.name})`, p.name);
      typeRef(`${where}(${p.name})`, p.type);
    }
    if (m.returns !== undefined) typeRef(`${where}()`, m.returns.type);
  };

  for (const [fqn, type] of Object.entries<any>(assembly.types ?? {})) {
    if (!fqn.startsWith(prefix)) continue;
    const typeName = fqn.slice(prefix.length);
    reserved(typeName, type.name);
    for (const p of type.properties ?? []) {
      reserved(`${typeName}.${p.name}`, p.name);
      typeRef(`${typeName}.${p.name}`, p.type);
    }
    if (type.initializer !== undefined) callable(typeName, type.initializer, 'constructor');
    for (const m of type.methods ?? []) callable(typeName, m, m.name);
    for (const member of type.members ?? []) reserved(`${typeName}.${member.name}`, member.name);
  }
  return problems;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', '..', '.jsii');
  const assembly = JSON.parse(fs.readFileSync(file, 'utf8'));
  const problems = apiProblems(assembly, jsiiReservedCheck());
  if (problems.length > 0) {
    console.error(`check-api: the public API is not usable from ${TARGET_LANGUAGES.join(', ')}:`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`check-api: ${Object.keys(assembly.types).length} types usable from TypeScript, ${TARGET_LANGUAGES.join(', ')}`);
}
