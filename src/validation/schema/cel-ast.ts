/**
 * CEL expressions parsed ahead of time. Parsing is the costly step of compiling a rule (milliseconds per rule with
 * @bufbuild/cel's parser, against a tenth of a millisecond to read a parsed tree back), and every run of `validate`
 * would parse the same few hundred rules of the pinned CRDs again. `npx projen schemas` stores, beside each release's
 * schemas, the parsed tree of every rule and messageExpression (`celAsts`: expression → compact JSON of its `Expr`,
 * macros expanded, source positions left out); `compileCel` plans from it when it is there.
 */
import { parse } from '@bufbuild/cel';

/** The compact JSON of an expression's parsed tree (the `Expr` message; int64 and uint64 constants as strings). */
export function compactCelAst(expression: string): string {
  return JSON.stringify(parse(expression).expr, (key, value) =>
    (key === '$typeName' ? undefined : typeof value === 'bigint' ? String(value) : value));
}

/** The parsed tree of `compactCelAst()`'s text, as the planner takes it. */
export function readCelAst(text: string): unknown {
  return restoreIntegers(JSON.parse(text));
}

function restoreIntegers(node: any): any {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) {
    for (const item of node) restoreIntegers(item);
    return node;
  }
  if ((node.case === 'int64Value' || node.case === 'uint64Value') && typeof node.value === 'string') node.value = BigInt(node.value);
  for (const key of Object.keys(node)) restoreIntegers(node[key]);
  return node;
}

const ASTS = new Map<string, string>();

/** Makes the parsed trees of a release's rules available to `compileCel` (called when the release is loaded). */
export function registerCelAsts(asts: { [expression: string]: string } | undefined): void {
  if (asts === undefined) return;
  for (const expression of Object.keys(asts)) ASTS.set(expression, asts[expression]);
}

/** The stored parsed tree of an expression, when a loaded release has it. */
export function storedCelAst(expression: string): unknown | undefined {
  const text = ASTS.get(expression);
  return text === undefined ? undefined : readCelAst(text);
}
