/**
 * Benchmark of the attachment analysis and report over a large manifest set:
 * `npx ts-node --project bench/tsconfig.json bench/attachment.ts [objects]` (default 5,000).
 *
 * The set: 10 Gateways with an HTTP Selector listener and a TCP listener, labelled Namespaces, and per
 * route namespace HTTPRoutes to Services in a backends namespace through one ReferenceGrant each.
 * The schema check runs through the SchemaValidator in src/validation/schema (whatever engine is there).
 */
import { ManifestValidator } from '../src';
import { analyseAttachment } from '../src/validation/attachment';
import { ObjectIndex } from '../src/validation/attachment-index';

const target = Number(process.argv[2] ?? 5000);
const GW = 'gateway.networking.k8s.io';
const objects: any[] = [];
for (let g = 0; g < 10; g++) {
  objects.push({
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name: `gw-${g}`, namespace: 'infra' },
    spec: {
      gatewayClassName: 'eg',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', hostname: `*.team-${g}.example.com`, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { platform: 'true' } } } } },
        { name: 'tcp', port: 10081, protocol: 'TCP', allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  });
}
let n = 0;
while (objects.length < target) {
  const ns = `apps-${n}`;
  objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { platform: 'true' } } });
  const to: any[] = [];
  for (let r = 0; r < 10 && objects.length < target - 3; r++) {
    const name = `svc-${n}-${r}`;
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'backends' }, spec: { ports: [{ port: 8080 }] } });
    objects.push({
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: { name: `route-${r}`, namespace: ns },
      spec: {
        parentRefs: [{ name: `gw-${n % 10}`, namespace: 'infra', sectionName: 'http' }],
        hostnames: [`r${r}.team-${n % 10}.example.com`],
        rules: [{ backendRefs: [{ name, namespace: 'backends', port: 8080 }] }],
      },
    });
    to.push({ group: '', kind: 'Service', name });
  }
  objects.push({ apiVersion: `${GW}/v1beta1`, kind: 'ReferenceGrant', metadata: { name: `from-${ns}`, namespace: 'backends' }, spec: { from: [{ group: GW, kind: 'HTTPRoute', namespace: ns }], to } });
  n++;
}

function time<T>(label: string, f: () => T): T {
  const start = process.hrtime.bigint();
  const result = f();
  console.log(`${label}: ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms`);
  return result;
}

time('attachment analysis only (index + verdicts)', () => analyseAttachment(objects, new ObjectIndex(objects, [])));
const report = time(`ManifestValidator.validate, ${objects.length} objects, strict`, () => ManifestValidator.validate(objects, { strict: true }));
console.log(`parents: ${report.parents.length} (${report.parents.filter(p => p.attached).length} attached), ` +
  `references: ${report.backends.length} (${report.backends.filter(b => b.resolved).length} resolved), errors: ${report.errors}`);
