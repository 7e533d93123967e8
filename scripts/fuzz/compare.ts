/** Our verdict, the comparison with the oracle's, recorded differences and regression cases. */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { SchemaValidator } from '../../src/validation/schema/validator';
import { ROOT } from '../pinned-crds';
import { OracleVerdict } from './oracle';
import { Target } from './targets';

export interface OurVerdict {
  readonly accepted: boolean;
  readonly findings: { path: string; message: string; rule?: string }[];
}

const VALIDATORS = new Map<string, SchemaValidator>();

/** The offline validator's verdict: rejected when it has a finding that is not a warning. */
export function ours(target: Target, object: unknown): OurVerdict {
  let validator = VALIDATORS.get(target.release);
  if (validator === undefined) {
    validator = new SchemaValidator({ releases: target.releases });
    VALIDATORS.set(target.release, validator);
  }
  // The oracle receives the case as JSON: judge the same JSON (a mutation can leave `undefined` in an array, which
  // JSON writes as null and which no parsed manifest ever holds).
  const findings = validator.validate(JSON.parse(JSON.stringify(object))).findings.filter(f => !f.warning);
  return { accepted: findings.length === 0, findings: findings.map(f => ({ path: f.path, message: f.message, rule: f.rule })) };
}

/** The rule-skipping note of both sides, which names no field. */
const SKIPPED = /some validation rules were not checked/;

export function oraclePaths(v: OracleVerdict): string[] {
  return (v.errors ?? []).filter(e => !SKIPPED.test(e.detail)).map(e => e.path);
}

export function ourPaths(v: OurVerdict): string[] {
  return v.findings.filter(f => !SKIPPED.test(f.message)).map(f => f.path);
}

/** Whether both sides, both rejecting, name at least one field in common. */
export function pathsAgree(oracle: OracleVerdict, mine: OurVerdict): boolean {
  // A map's key is `.key` in the server's schema errors and `[key]` in ours; '<nil>' is an error without a field.
  const theirs = new Set(oraclePaths(oracle).filter(p => p !== '<nil>').map(mapKeysDotted));
  const mineDotted = ourPaths(mine).map(mapKeysDotted);
  if (theirs.size === 0) return true;
  return mineDotted.some(p => [...theirs].some(t => p === t || p.startsWith(`${t}.`) || p.startsWith(`${t}[`) || t.startsWith(`${p}.`) || t.startsWith(`${p}[`)));
}

/** 'spec.selector.matchLabels[app]' → 'spec.selector.matchLabels.app' (list indexes stay). */
function mapKeysDotted(p: string): string {
  return p.replace(/\[([^\]]*[^\]0-9][^\]]*|)\]/g, '.$1');
}

/** 'spec.rules[3].matches[0]' → 'spec.rules[*].matches[*]'. */
export function normalizePath(p: string): string {
  return p.replace(/\[\d+\]/g, '[*]');
}

/**
 * The signature of an accept/reject disagreement, what known-differences.yaml entries of proof 'fuzz' match:
 * '<release> <Kind> <oracle|ours> rejects <field>' (indexes as [*]), the field being the first one the rejecting
 * side names that the other does not.
 */
export function signature(target: Target, oracle: OracleVerdict, mine: OurVerdict): string {
  if (oracle.accepted === mine.accepted) return '';
  const side = oracle.accepted ? 'ours' : 'oracle';
  const rejecting = oracle.accepted ? ourPaths(mine) : oraclePaths(oracle);
  const field = rejecting.length > 0 ? normalizePath(rejecting[0]) : '(object)';
  return `${target.release} ${target.kind} ${side} rejects ${field}`;
}

export interface KnownFuzzDifference {
  readonly case: string;
  readonly reason: string;
  readonly pattern: RegExp;
}

/** The entries of proof 'fuzz' in test/integration/known-differences.yaml; '*' in a case matches any text. */
export function knownFuzzDifferences(): KnownFuzzDifference[] {
  const file = path.join(ROOT, 'test', 'integration', 'known-differences.yaml');
  if (!fs.existsSync(file)) return [];
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  return (doc.differences ?? []).filter((d: any) => d.proof === 'fuzz').map((d: any) => ({
    case: d.case,
    reason: d.reason,
    pattern: new RegExp(`^${String(d.case).split('*').map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`),
  }));
}

export function recorded(known: KnownFuzzDifference[], sig: string): KnownFuzzDifference | undefined {
  return known.find(k => k.pattern.test(sig));
}

/** test/fuzz/regressions/<name>.json: a minimized disagreement with the oracle's verdict, replayed by jest. */
export function writeRegression(name: string, target: Target, object: unknown, oracle: OracleVerdict, note: string): string {
  const dir = path.join(ROOT, 'test', 'fuzz', 'regressions');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const body = {
    note,
    release: target.release,
    releases: target.releases,
    oracle: { accepted: oracle.accepted, errors: oracle.errors ?? [] },
    object,
  };
  fs.writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return path.relative(ROOT, file);
}
