// Drift: what the API server stores for an object, read back after a server-side apply, against what was synthesized.
// A field the server added (a schema default, a defaulting function's value) or changed (a normalized quantity) makes
// GitOps tools report the object OutOfSync forever: each one is a drifted field. Fields the server allocates or owns
// (metadata bookkeeping, status, a Service's cluster IPs) are not drift.
import { K8sObject } from './lib';

/** Paths (`spec.rules[0].backendRefs[0].weight`) the server owns or allocates: never drift. */
const SERVER_OWNED: RegExp[] = [
  /^status(\.|\[|$)/,
  /^metadata\.(uid|resourceVersion|generation|creationTimestamp|managedFields|selfLink|deletionTimestamp|deletionGracePeriodSeconds|finalizers|ownerReferences)(\.|\[|$)/,
  // kubectl's ApplySet bookkeeping: the part-of label kubectl sets on each member, never in the input.
  /^metadata\.labels\.applyset\.kubernetes\.io\/part-of$/,
  // The label the API server sets on every Namespace (its own name), immutable.
  /^metadata\.labels\.kubernetes\.io\/metadata\.name$/,
  // Allocated by the API server for a Service (ClusterIP allocation, IP families of the cluster).
  /^spec\.(clusterIP|clusterIPs|ipFamilies|ipFamilyPolicy)(\.|\[|$)/,
  /^spec\.ports\[\d+\]\.nodePort$/,
  /^spec\.healthCheckNodePort$/,
];

/** One field the server added or changed. */
export interface DriftedField {
  /** Where, as `spec.rules[0].backendRefs[0].weight`. */
  readonly path: string;
  /** What was synthesized there (undefined when the server added the field). */
  readonly declared: unknown;
  /** What the server stores. */
  readonly stored: unknown;
}

/**
 * The fields of `stored` (the object as read back) that differ from `declared` (the object as synthesized): added
 * by the server or stored with another value. Fields the server owns or allocates are left out. Fields declared but
 * missing from `stored` count too (the server pruned or dropped them: also a permanent difference).
 */
export function driftedFields(declared: K8sObject, stored: K8sObject): DriftedField[] {
  const out: DriftedField[] = [];
  walk(declared, stored, '', out);
  return out.filter(d => !SERVER_OWNED.some(re => re.test(d.path)));
}

function walk(declared: unknown, stored: unknown, path: string, out: DriftedField[]): void {
  if (isObject(declared) && isObject(stored)) {
    for (const key of new Set([...Object.keys(declared), ...Object.keys(stored)])) {
      const child = path === '' ? key : `${path}.${key}`;
      if (!(key in stored)) {
        if (declared[key] !== undefined && declared[key] !== null) out.push({ path: child, declared: declared[key], stored: undefined });
      } else if (!(key in declared)) {
        // An added map is reported leaf by leaf, so that the server-owned leaves in it are left out (the part-of
        // label kubectl sets on an object declared without labels is a `metadata.labels` the input did not have).
        if (isObject(stored[key]) && Object.keys(stored[key]).length > 0) walk({}, stored[key], child, out);
        else out.push({ path: child, declared: undefined, stored: stored[key] });
      } else {
        walk(declared[key], stored[key], child, out);
      }
    }
    return;
  }
  if (Array.isArray(declared) && Array.isArray(stored)) {
    const n = Math.max(declared.length, stored.length);
    for (let i = 0; i < n; i++) {
      const child = `${path}[${i}]`;
      if (i >= stored.length) out.push({ path: child, declared: declared[i], stored: undefined });
      else if (i >= declared.length) out.push({ path: child, declared: undefined, stored: stored[i] });
      else walk(declared[i], stored[i], child, out);
    }
    return;
  }
  if (JSON.stringify(declared) !== JSON.stringify(stored)) out.push({ path, declared, stored });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
