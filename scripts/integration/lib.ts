// Shared helpers of the integration proofs: kubectl, bounded waits, YAML, tables.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { readKubeDocuments } from '../../src/validation/kube-yaml';

export const REPO = path.resolve(__dirname, '..', '..');
export const env = (name: string, fallback?: string): string => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`environment variable ${name} is not set: run this through scripts/integration/run.sh`);
  return v;
};

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: any };
  spec?: any;
  status?: any;
  [k: string]: any;
}

export interface RunResult { code: number; stdout: string; stderr: string }

/** Runs kubectl against the given kubeconfig; never longer than timeoutSec. */
export function kubectl(args: string[], opts: { kubeconfig?: string; input?: string; timeoutSec?: number } = {}): RunResult {
  const timeoutSec = opts.timeoutSec ?? 60;
  const r = spawnSync(env('INTEGRATION_KUBECTL'), ['--kubeconfig', opts.kubeconfig ?? env('INTEGRATION_KUBECONFIG'), `--request-timeout=${timeoutSec}s`, ...args], {
    input: opts.input, encoding: 'utf8', timeout: (timeoutSec + 10) * 1000, maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) return { code: 124, stdout: r.stdout ?? '', stderr: `kubectl ${args.join(' ')}: ${r.error.message}` };
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

export function kubectlOk(args: string[], opts: { kubeconfig?: string; input?: string; timeoutSec?: number } = {}): string {
  const r = kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

export function getObject(kind: string, name: string, namespace?: string, kubeconfig?: string): K8sObject | undefined {
  const args = ['get', kind, name, '-o', 'json'];
  if (namespace) args.push('-n', namespace);
  const r = kubectl(args, { kubeconfig });
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Polls `check` until it returns true or `limitSec` passes; says what it waited for. Returns whether it settled. */
export function waitUntil(what: string, limitSec: number, check: () => boolean, intervalMs = 1000): boolean {
  const t0 = Date.now();
  for (;;) {
    if (check()) {
      log(`settled after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
      return true;
    }
    if (Date.now() - t0 > limitSec * 1000) {
      log(`gave up after ${limitSec} s waiting for ${what}`);
      return false;
    }
    sleep(intervalMs);
  }
}

export function log(msg: string): void {
  console.log(`[proofs ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

/** The objects of a manifest file, read as kubectl reads them (YAML 1.1, src/validation/kube-yaml.ts). */
export function readYamlDocs(file: string): K8sObject[] {
  return readKubeDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.value as any)
    .filter((o) => o && typeof o === 'object' && o.kind) as K8sObject[];
}

export function toYaml(objs: K8sObject[]): string {
  return objs.map((o) => YAML.stringify(o)).join('---\n');
}

/** The `# key: value` comment lines at the top of a case file (its design note). */
export function header(file: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^#\s*([a-z-]+):\s*(.*)$/.exec(line);
    if (!m) {
      if (line.startsWith('#') || line.trim() === '') continue;
      break;
    }
    (out[m[1]] ??= []).push(m[2].trim());
  }
  return out;
}

export function condition(conds: any[] | undefined, type: string): { status: string; reason: string; message: string } | undefined {
  const c = (conds ?? []).find((x: any) => x.type === type);
  return c ? { status: c.status, reason: c.reason ?? '', message: c.message ?? '' } : undefined;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (r: string[]) => r.map((c, i) => {
    const s = c ?? '';
    return (s.length > widths[i] ? s.slice(0, widths[i] - 1) + '…' : s).padEnd(widths[i]);
  }).join(' | ').trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(fmt)].join('\n');
}

/** The offline validator (lib/src/validation/cli.js after `npx jsii`), or undefined while it does not exist. */
export function offlineValidator(): string | undefined {
  const cli = path.join(REPO, 'lib', 'src', 'validation', 'cli.js');
  return fs.existsSync(cli) ? cli : undefined;
}

export interface OfflineObject {
  file: string;
  index: number;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  errors: { path: string; message: string; rule?: string }[];
  warnings: any[];
}
export interface OfflineRouteId { kind: string; namespace: string; name: string }
export interface OfflineParent { route: OfflineRouteId; parentRef: any; attached: boolean; reason: string; message: string }
export interface OfflineBackend { route: OfflineRouteId; backendRef: any; resolved: boolean; reason: string; message: string }
export interface OfflineReport {
  ok: boolean;
  errors: any[];
  warnings: any[];
  objects: OfflineObject[];
  parents?: OfflineParent[];
  backends?: OfflineBackend[];
  policies?: OfflinePolicy[];
}

/** A SecurityPolicy verdict of `validate --json`: the policy, the ancestor it is reported on (null: no status). */
export interface OfflinePolicy {
  policy: { kind: string; namespace?: string; name: string };
  targetRef: any;
  ancestor: { namespace: string; name: string; sectionName?: string } | null;
  accepted: boolean;
  reason: string;
  message: string;
}

/** Runs `cdk8s-ai-gateway validate FILE... --json [--strict] [--known FILE]`; its JSON report, or an error text. */
export function runOffline(files: string[], extra: string[] = []): OfflineReport | string {
  const cli = offlineValidator();
  if (!cli) return 'the offline validator is not built (lib/src/validation/cli.js is absent)';
  const r = spawnSync(process.execPath, [cli, 'validate', ...files, '--json', ...extra], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  try {
    return JSON.parse(r.stdout) as OfflineReport;
  } catch {
    return `the offline validator printed no JSON (exit ${r.status}): ${(r.stderr || r.stdout).slice(0, 300)}`;
  }
}

export interface KnownDifference { proof: string; case: string; reason: string }
export function knownDifferences(): KnownDifference[] {
  const file = path.join(REPO, 'test', 'integration', 'known-differences.yaml');
  if (!fs.existsSync(file)) return [];
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  return (doc.differences ?? []) as KnownDifference[];
}

/** A DNS-1123 label from free text. */
export function label(s: string, max = 50): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');
}
