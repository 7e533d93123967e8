import { ALLOWED_ANY, apiProblems, jsiiReservedCheck } from '../../scripts/polyglot/check-api';

/** A one-type assembly, in the shape jsii writes. */
function assembly(type: any): any {
  return { name: 'cdk8s-ai-gateway', types: { [`cdk8s-ai-gateway.${type.name}`]: type } };
}
const isReserved = jsiiReservedCheck();

describe('the public API check run by the compile step', () => {
  test('fails on names reserved in Python, Java or Go, and says where and which language', () => {
    const problems = apiProblems(assembly({
      name: 'Grant',
      properties: [{ name: 'from', type: { primitive: 'string' } }, { name: 'type', type: { primitive: 'string' } }],
      methods: [{ name: 'addFrom', parameters: [{ name: 'import', type: { primitive: 'string' } }] }],
    }), isReserved);
    expect(problems).toStrictEqual([
      "Grant.from: 'from' is a reserved word in Python. Rename it (jsii JSII5018).",
      "Grant.type: 'type' is a reserved word in Go. Rename it (jsii JSII5018).",
      "Grant.addFrom(import): 'import' is a reserved word in Java, Python, Go. Rename it (jsii JSII5018).",
    ]);
  });

  test('words reserved only in C# (not a target) pass: namespace', () => {
    expect(isReserved('namespace')).toStrictEqual(['C#']);
    expect(apiProblems(assembly({ name: 'Props', properties: [{ name: 'namespace', type: { primitive: 'string' } }] }), isReserved))
      .toStrictEqual([]);
  });

  test('fails on unions, and on any outside the listed places', () => {
    const problems = apiProblems(assembly({
      name: 'Props',
      properties: [
        { name: 'port', type: { union: { types: [{ primitive: 'string' }, { primitive: 'number' }] } } },
        { name: 'extra', type: { collection: { kind: 'map', elementtype: { primitive: 'any' } } } },
        { name: 'labels', type: { collection: { kind: 'map', elementtype: { primitive: 'string' } } } },
      ],
    }), isReserved);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Props.port: is a union type/);
    expect(problems[1]).toMatch(/^Props.extra: is 'any', which no other language can check/);
    expect(apiProblems(assembly({ name: 'KnownObject', properties: [{ name: 'spec', type: { primitive: 'any' } }] }), isReserved))
      .toStrictEqual([]);
    expect(ALLOWED_ANY['KnownObject.spec']).toMatch(/JSON/);
  });

  // The compiled assembly itself is checked by the compile task (jsii, then scripts/polyglot/check-api.ts), which
  // fails the build: a test here would depend on a build having run before it.
});
