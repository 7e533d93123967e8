import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GrantFrom, GrantTo, ReferenceGrant } from './reference-grant';
import { GatewayApiVersion } from './version';
import { compareStrings, keepInOrder } from '../kubernetes/order';

/** At most this many `to` entries per ReferenceGrant (the CRD's maxItems). */
const MAX_TO = 16;

/** The grants of one (target namespace, referring kind and namespace, release): every target, the grants holding them. */
interface GrantSet {
  readonly targets: Map<string, GrantTo>;
  readonly grants: ReferenceGrant[];
}

const SETS = new WeakMap<Chart, Map<string, GrantSet>>();

/**
 * Permits one cross-namespace reference with the narrowest grant that allows it, merging with the grants
 * other constructs of the same chart asked for.
 *
 * Grants are kept per (target namespace, referring kind, referring namespace, Gateway API release): a grant
 * lists exactly the objects that kind from that namespace refers to, so no referrer gains access to what
 * another one needed. Each target object is covered by exactly one grant. More than 16 targets (the CRD's
 * maxItems) continue in a second grant with a stable, numbered name; at synth the targets are dealt to the
 * grants in name order, so which grant lists a target does not depend on the order references were asked for.
 *
 * A reference within one namespace needs no grant: nothing is created.
 *
 * @param scope any construct of the chart the grant belongs to
 * @param from the referring kind and namespace
 * @param toNamespace the namespace of the object referred to
 * @param to the object referred to
 * @param version the Gateway API release, which selects the grant's apiVersion
 */
export function grantReference(scope: IConstruct, from: GrantFrom, toNamespace: string, to: GrantTo,
  version: GatewayApiVersion): void {
  if (from.namespace === toNamespace) return;
  const chart = Chart.of(scope);
  const base = `${toNamespace}-from-${from.namespace}-${from.kind.toLowerCase()}`;
  const versionSuffix = version === GatewayApiVersion.V1_2 ? '' : `-${version.replace(/[^0-9]/g, '')}`;
  const set = grantSet(chart, `${base}${versionSuffix}`);
  const key = `${to.group}\0${to.kind}\0${to.name ?? ''}`;
  if (set.targets.has(key) || set.targets.has(`${to.group}\0${to.kind}\0`)) return;
  set.targets.set(key, to);
  while (set.grants.length < Math.ceil(set.targets.size / MAX_TO)) {
    const index = set.grants.length + 1;
    const grant = new ReferenceGrant(chart, `ReferenceGrant-${base}${versionSuffix}${index === 1 ? '' : `-${index}`}`, {
      namespace: toNamespace,
      gatewayApiVersion: version,
      metadata: { name: grantName(from, index) },
      referrers: [from],
    });
    keepInOrder(chart, grant, `3 ${toNamespace} ${base}${versionSuffix} ${String(index).padStart(6, '0')}`);
    set.grants.push(grant);
  }
  // Until the synth deals them in name order, a new target goes to the last grant (which has room).
  set.grants[set.grants.length - 1].addTo(to);
}

function grantSet(chart: Chart, key: string): GrantSet {
  let sets = SETS.get(chart);
  if (sets === undefined) {
    const all = new Map<string, GrantSet>();
    sets = all;
    SETS.set(chart, all);
    chart.node.addValidation({
      validate: () => {
        for (const set of all.values()) {
          const sorted = [...set.targets.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, t]) => t);
          set.grants.forEach((grant, i) => grant._replaceTo(sorted.slice(i * MAX_TO, (i + 1) * MAX_TO)));
        }
        return [];
      },
    });
  }
  let set = sets.get(key);
  if (set === undefined) {
    set = { targets: new Map(), grants: [] };
    sets.set(key, set);
  }
  return set;
}

/** A grant's name says who it admits: `allow-<kind>s-from-<namespace>`, numbered past the first. */
function grantName(from: GrantFrom, index: number): string {
  const name = `allow-${from.kind.toLowerCase()}s-from-${from.namespace}${index === 1 ? '' : `-${index}`}`;
  return name.slice(0, 253);
}
