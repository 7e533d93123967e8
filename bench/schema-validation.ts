/**
 * Benchmark of the offline schema validator: validates 5,000 objects (a realistic mix of every pinned
 * CRD family, each object distinct) and prints the time. Not a test: run it with
 * `npx ts-node --project bench/tsconfig.json bench/schema-validation.ts`.
 */
import { SchemaValidator } from '../src/validation/schema/validator';
import { allValid } from '../test/validation/schema-fixtures';

const COUNT = Number(process.env.BENCH_COUNT ?? 5000);

function objects(): any[] {
  const fixtures = allValid().map(([, object]) => object);
  const result: any[] = [];
  for (let i = 0; result.length < COUNT; i++) {
    const object = JSON.parse(JSON.stringify(fixtures[i % fixtures.length]));
    object.metadata.name = `${object.metadata.name}-${i}`;
    // One object in ten is invalid (a missing required field), so findings are built too.
    if (i % 10 === 9 && object.spec) object.spec = {};
    result.push(object);
  }
  return result;
}

function main() {
  const input = objects();
  const validator = new SchemaValidator();

  const coldStart = process.hrtime.bigint();
  validator.validate(input[0]);
  const cold = Number(process.hrtime.bigint() - coldStart) / 1e6;

  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let findings = 0;
  for (const object of input) findings += validator.validate(object).findings.length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  console.log(`validated ${input.length} objects (${new Set(input.map(o => `${o.apiVersion} ${o.kind}`)).size} kinds/versions) in ${(ms / 1000).toFixed(2)} s ` +
    `(${(ms / input.length).toFixed(3)} ms/object, ${findings} findings), ${(cpuMs / 1000).toFixed(2)} s of CPU; ` +
    `first object (loading + compiling) ${cold.toFixed(0)} ms`);
}

main();
