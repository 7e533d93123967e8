import { celEnv, celFunc, CelScalar, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { storedCelAst } from './cel-ast';
import { isCidr, isIp, isQuantity, isUrl } from './formats';
import { Access, accessOf } from './rule-memo';

/**
 * The CEL environment of `x-kubernetes-validations` rules: the CEL standard library (with its `has`,
 * `all`, `exists`, `exists_one`, `filter`, `map`, `size`, `matches`, `duration`...), the strings extension
 * (`lowerAscii`, `split`, `substring`, ...) and the Kubernetes library functions the pinned rules use, with
 * a few cheap neighbours (`isIP`, `isCIDR`, `isURL`, `isQuantity`).
 *
 * Functions of the Kubernetes library that return Kubernetes types (`ip()`, `cidr()`, `url()`,
 * `quantity()`, the `format.*` library with its optional results) are not provided: a rule that calls one
 * is reported as a rule that cannot be evaluated offline, never passed silently.
 */
const ENV = celEnv({
  funcs: [
    ...strings,
    celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s: string) => isIp(s)),
    celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, (s: string) => isCidr(s)),
    celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s: string) => isUrl(s)),
    celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s: string) => isQuantity(s)),
  ],
});

/** What one evaluation of a rule gave. */
export type RuleOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'fail' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'unevaluable'; readonly message: string };

/** A compiled CEL expression: `evaluate(self)`. */
export interface CelProgram {
  /** Functions the expression calls that this engine does not provide (operators excluded). */
  readonly missingFunctions: string[];
  /**
   * What the expression reads of `self` (see rule-memo.ts); undefined when the analysis cannot tell, or the
   * expression does not compile.
   */
  readonly access?: Access;
  evaluate(self: unknown): { value?: unknown; error?: string; unevaluable?: string };
}

const PROGRAMS = new Map<string, CelProgram>();

/** Errors of the engine that mean "this implementation lacks something", not "the object is invalid". */
const UNEVALUABLE = /unbound function|unresolved attribute|unknown function|no such overload|not supported|unsupported/i;

/** Compiles (once per expression text, for the life of the process) a CEL expression over `self`. */
export function compileCel(expression: string): CelProgram {
  let program = PROGRAMS.get(expression);
  if (program === undefined) {
    program = compile(expression);
    PROGRAMS.set(expression, program);
  }
  return program;
}

function compile(expression: string): CelProgram {
  let run: (ctx: any) => unknown;
  let missingFunctions: string[];
  let access: Access | undefined;
  try {
    // The tree `npx projen schemas` stored for the pinned rules (see cel-ast.ts), else parsed now.
    const expr: any = storedCelAst(expression) ?? parse(expression).expr;
    missingFunctions = [...new Set(calledFunctions(expr))].filter(name => ENV.funcs.find(name) === undefined).sort();
    access = accessOf(expr);
    run = plan(ENV, expr) as any;
  } catch (e) {
    const message = `cannot be compiled offline: ${(e as Error).message}`;
    return { missingFunctions: [], evaluate: () => ({ unevaluable: message }) };
  }
  const lacks = missingFunctions.length > 0 ? ` (this engine lacks ${missingFunctions.join(', ')})` : '';
  return {
    missingFunctions,
    access,
    evaluate(self: unknown) {
      let result: unknown;
      try {
        result = run({ self });
      } catch (e) {
        return { unevaluable: `cannot be evaluated offline: ${(e as Error).message}` };
      }
      if (isCelError(result)) {
        const message = result.message;
        return UNEVALUABLE.test(message) ? { unevaluable: `cannot be evaluated offline: ${message}${lacks}` } : { error: message };
      }
      return { value: result };
    },
  };
}

/** The names of the functions an expression calls (operators such as `_==_` and `@in` excluded). */
function calledFunctions(expr: any): string[] {
  const names: string[] = [];
  const visit = (e: any) => {
    if (!e?.exprKind) return;
    const { case: kind, value } = e.exprKind;
    switch (kind) {
      case 'callExpr':
        if (!/^[_@!-]/.test(value.function)) names.push(value.function);
        visit(value.target);
        value.args.forEach(visit);
        break;
      case 'selectExpr': visit(value.operand); break;
      case 'listExpr': value.elements.forEach(visit); break;
      case 'structExpr': value.entries.forEach((entry: any) => { visit(entry.keyKind?.value); visit(entry.value); }); break;
      case 'comprehensionExpr': [value.iterRange, value.accuInit, value.loopCondition, value.loopStep, value.result].forEach(visit); break;
      default: break;
    }
  };
  visit(expr);
  return names;
}

/** Evaluates a validation rule: it passes only when it yields `true`. */
export function evaluateRule(program: CelProgram, self: unknown): RuleOutcome {
  const r = program.evaluate(self);
  if (r.unevaluable !== undefined) return { kind: 'unevaluable', message: r.unevaluable };
  if (r.error !== undefined) return { kind: 'error', message: r.error };
  if (r.value === true) return { kind: 'pass' };
  if (r.value === false) return { kind: 'fail' };
  return { kind: 'error', message: `the rule gave ${typeof r.value}, not a bool` };
}

/** CEL's reserved words, which Kubernetes escapes as `__word__` when they name a property. */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/**
 * The name under which a rule sees a property, escaped as the API server does (`namespace` →
 * `__namespace__`, `a-b` → `a__dash__b`, `a.b` → `a__dot__b`, `a/b` → `a__slash__b`, `__` → `__underscores__`),
 * or undefined when the property cannot be accessed from CEL at all.
 */
export function celPropertyName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) && !name.includes('__')) return name;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}
