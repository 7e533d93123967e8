import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GrantFrom, GrantTo, ReferenceGrant } from './reference-grant';
import { GatewayApiVersion } from './version';

/** At most this many `to` entries per ReferenceGrant (the CRD's maxItems). */
const MAX_TO = 16;

/**
 * Permits one cross-namespace reference with the narrowest grant that allows it, merging with the grants
 * other constructs of the same chart asked for.
 *
 * Grants are kept per (target namespace, referring kind, referring namespace, Gateway API release): a grant
 * lists exactly the objects that kind from that namespace refers to, so no referrer gains access to what
 * another one needed. Each target object is covered by exactly one grant. A grant that would exceed 16
 * entries continues in a second one with a stable, numbered name. Grants of two releases in one chart are two
 * objects in the cluster (the version is not part of an object's identity): the one of the release that comes
 * second gets the release in its name (`allow-httproutes-from-gw-v1-6`).
 *
 * A reference within one namespace needs no grant: nothing is created and undefined is returned.
 *
 * @param scope any construct of the chart the grant belongs to
 * @param from the referring kind and namespace
 * @param toNamespace the namespace of the object referred to
 * @param to the object referred to
 * @param version the Gateway API release, which selects the grant's apiVersion
 * @returns the grant that covers the reference
 */
export function grantReference(scope: IConstruct, from: GrantFrom, toNamespace: string, to: GrantTo,
  version: GatewayApiVersion): ReferenceGrant | undefined {
  if (from.namespace === toNamespace) return undefined;
  const chart = Chart.of(scope);
  const base = `${toNamespace}-from-${from.namespace}-${from.kind.toLowerCase()}`;
  const versionSuffix = version === GatewayApiVersion.V1_2 ? '' : `-${version.replace(/[^0-9]/g, '')}`;
  for (let index = 1; ; index++) {
    const id = `ReferenceGrant-${base}${versionSuffix}${index === 1 ? '' : `-${index}`}`;
    let grant = chart.node.tryFindChild(id) as ReferenceGrant | undefined;
    if (grant === undefined) {
      grant = new ReferenceGrant(chart, id, {
        namespace: toNamespace,
        gatewayApiVersion: version,
        metadata: { name: releaseName(chart, toNamespace, grantName(from, index), version) },
        referrers: [from],
      });
    }
    const covered = grant.to.some(t => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name));
    if (covered) return grant;
    if (grant.to.length < MAX_TO) {
      grant.addTo(to);
      return grant;
    }
  }
}

/** Per chart: the release of each grant name (`namespace/name`) grantReference() gave. */
const NAMES = new WeakMap<Chart, Map<string, GatewayApiVersion>>();

/** The name, or, when a grant of another release in the chart has it, the name with the release: one object each. */
function releaseName(chart: Chart, namespace: string, name: string, version: GatewayApiVersion): string {
  let names = NAMES.get(chart);
  if (names === undefined) {
    names = new Map();
    NAMES.set(chart, names);
  }
  const taken = names.get(`${namespace}/${name}`);
  const result = taken === undefined || taken === version ? name : `${name}-${version.replace(/\./g, '-')}`.slice(0, 253);
  names.set(`${namespace}/${result}`, version);
  return result;
}

/** A grant's name says who it admits: `allow-<kind>s-from-<namespace>`, numbered past the first. */
function grantName(from: GrantFrom, index: number): string {
  const name = `allow-${from.kind.toLowerCase()}s-from-${from.namespace}${index === 1 ? '' : `-${index}`}`;
  return name.slice(0, 253);
}
