/** The fuzzing oracle (fuzz/oracle, built by build-oracle.sh) as one long-lived process spoken to in JSON lines. */
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';
import { CRDS_DIR, ROOT } from '../pinned-crds';

/** One error of the API server's validation: field path (`spec.rules[0].name`), type and detail. */
export interface OracleError {
  readonly path: string;
  readonly type: string;
  readonly detail: string;
}

export interface OracleVerdict {
  readonly accepted: boolean;
  /** Unknown fields the server's pruning would drop (strict field validation rejects them). */
  readonly pruned?: string[];
  readonly errors?: OracleError[];
  /** Set when the oracle itself failed on the object (never expected). */
  readonly problem?: string;
}

/** The evaluator's verdict on a pod: allowed, and per failing check its ID, reason and detail (in the evaluator's order). */
export interface PodSecurityOracleVerdict {
  readonly allowed: boolean;
  readonly failing: { readonly id: string; readonly reason: string; readonly detail: string }[];
  readonly forbiddenReasons?: string[] | null;
  readonly forbiddenDetails?: string[] | null;
  /** Set when the object holds no pod (judging an object). */
  readonly noPod?: boolean;
  readonly problem?: string;
}

/** Builds (or finds in the cache) the oracle binary; returns its path. */
export function buildOracle(): string {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'fuzz', 'build-oracle.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('the fuzzing oracle could not be built (scripts/fuzz/build-oracle.sh)');
  return r.stdout.trim().split('\n').pop()!;
}

export class Oracle {
  /** Starts the oracle; resolves once it has loaded the CRDs. */
  public static async start(binary: string): Promise<Oracle> {
    const t0 = Date.now();
    const child = spawn(binary, [CRDS_DIR], { stdio: ['pipe', 'pipe', 'pipe'] });
    const oracle = new Oracle(child);
    const ready: any = await oracle.next();
    if (!ready?.ready) throw new Error(`the oracle did not start: ${JSON.stringify(ready)} ${oracle.stderr}`);
    oracle.versions = ready.versions;
    oracle.startMillis = Date.now() - t0;
    return oracle;
  }

  public versions = 0;
  public startMillis = 0;
  private stderr = '';
  private readonly waiting: ((v: unknown) => void)[] = [];
  private readonly lines: unknown[] = [];
  private nextId = 0;
  private closed = false;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', d => { this.stderr += String(d); });
    readline.createInterface({ input: child.stdout }).on('line', line => {
      const value = JSON.parse(line);
      const w = this.waiting.shift();
      if (w) w(value); else this.lines.push(value);
    });
    child.on('exit', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w({ accepted: false, problem: `the oracle exited: ${this.stderr.slice(-500)}` });
    });
  }

  /** The oracle's verdict on one object of a release folder ('gateway-api/v1.6.1-standard'). */
  public async judge(release: string, object: unknown): Promise<OracleVerdict> {
    if (this.closed) return { accepted: false, problem: `the oracle exited: ${this.stderr.slice(-500)}` };
    const id = this.nextId++;
    this.child.stdin.write(JSON.stringify({ id, release, object }) + '\n');
    const answer: any = await this.next();
    if (answer.id !== id && answer.problem === undefined) throw new Error(`the oracle answered ${answer.id} to ${id}`);
    return answer;
  }

  /** The Pod Security Standards' verdict on one pod (k8s.io/pod-security-admission, fuzz/oracle/podsecurity.go). */
  public async judgePodSecurity(level: string, metadata: unknown, spec: unknown): Promise<PodSecurityOracleVerdict> {
    if (this.closed) return { allowed: false, failing: [], problem: `the oracle exited: ${this.stderr.slice(-500)}` };
    const id = this.nextId++;
    this.child.stdin.write(JSON.stringify({ id, podSecurity: { level, metadata, spec } }) + '\n');
    const answer: any = await this.next();
    if (answer.id !== id && answer.problem === undefined) throw new Error(`the oracle answered ${answer.id} to ${id}`);
    return answer;
  }

  /** The same verdict on the pod the admission plugin takes from an object (a Pod, a workload's template; none from other kinds). */
  public async judgePodSecurityObject(level: string, object: unknown): Promise<PodSecurityOracleVerdict> {
    if (this.closed) return { allowed: false, failing: [], problem: `the oracle exited: ${this.stderr.slice(-500)}` };
    const id = this.nextId++;
    this.child.stdin.write(JSON.stringify({ id, podSecurity: { level, object } }) + '\n');
    const answer: any = await this.next();
    if (answer.id !== id && answer.problem === undefined) throw new Error(`the oracle answered ${answer.id} to ${id}`);
    return answer;
  }

  public stop(): void {
    this.child.stdin.end();
  }

  private next(): Promise<unknown> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise(resolve => this.waiting.push(resolve));
  }
}
