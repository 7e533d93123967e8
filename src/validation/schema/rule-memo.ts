/**
 * Remembering the outcomes of CEL validation rules by what they read.
 *
 * A rule is a pure function of `self`. One that reads only `has(self.fqdn)`, `self.type` and the presence of
 * `group` and `kind` in each element of `self.backendRefs` gives, on every object, the outcome it gave for the same
 * values of exactly those: names, hosts and ports may differ. A model fleet repeats such inputs thousands of times.
 * `accessOf()` finds, once per rule, what of `self` the expression reads; `memoKey()` writes exactly that part of a
 * value as a string; `RuleMemo` keeps outcomes by it.
 */

/** What an expression reads of one value (`self`, a field of it, the elements of a list it iterates). */
export interface Access {
  /** The value is used as a whole (compared, passed to a function, indexed, a method called on it). */
  whole: boolean;
  /** Fields read for their value, by CEL name. */
  readonly fields: Map<string, Access>;
  /** Fields only tested for presence (`has(x.f)`), by CEL name. */
  readonly presence: Set<string>;
  /** What is read of each element (list) or key (map) when the value is iterated. */
  elements?: Access;
  /** The number of elements or keys is read (`size(x)`, `x.size()`). */
  size: boolean;
}

function newAccess(): Access {
  return { whole: false, fields: new Map(), presence: new Set(), size: false };
}

/**
 * What an expression (a parsed CEL AST of @bufbuild/cel) reads of `self`; undefined when it cannot be told (a
 * construct the analysis does not know): the rule is then keyed on the whole value.
 */
export function accessOf(expr: any): Access | undefined {
  const root = newAccess();
  let unknown = false;
  /** The access node an expression denotes, when it is `self`, an iteration variable, or a field chain of one. */
  const resolve = (e: any, env: Map<string, Access>): Access | undefined => {
    const kind = e?.exprKind?.case;
    const value = e?.exprKind?.value;
    if (kind === 'identExpr') return env.get(value.name);
    if (kind === 'selectExpr' && !value.testOnly) {
      const operand = resolve(value.operand, env);
      if (operand === undefined) {
        visit(value.operand, env);
        return undefined;
      }
      let field = operand.fields.get(value.field);
      if (field === undefined) {
        field = newAccess();
        operand.fields.set(value.field, field);
      }
      return field;
    }
    visit(e, env);
    return undefined;
  };
  /** Visits an expression whose value is used as a whole. */
  const use = (e: any, env: Map<string, Access>) => {
    const node = resolve(e, env);
    if (node !== undefined) node.whole = true;
  };
  const visit = (e: any, env: Map<string, Access>): void => {
    if (unknown || !e?.exprKind) return;
    const { case: kind, value } = e.exprKind;
    switch (kind) {
      case 'constExpr':
        break;
      case 'identExpr':
      case 'selectExpr':
        if (kind === 'selectExpr' && value.testOnly) {
          const operand = resolve(value.operand, env);
          if (operand !== undefined) operand.presence.add(value.field);
        } else {
          use(e, env);
        }
        break;
      case 'callExpr': {
        const args: any[] = value.args;
        if (value.function === 'size' && (value.target !== undefined ? args.length === 0 : args.length === 1)) {
          const node = resolve(value.target ?? args[0], env);
          if (node !== undefined) node.size = true;
          break;
        }
        if (value.target !== undefined) use(value.target, env);
        args.forEach(a => use(a, env));
        break;
      }
      case 'listExpr':
        value.elements.forEach((x: any) => use(x, env));
        break;
      case 'structExpr':
        value.entries.forEach((entry: any) => {
          if (entry.keyKind?.case === 'mapKey') use(entry.keyKind.value, env);
          use(entry.value, env);
        });
        break;
      case 'comprehensionExpr': {
        if (value.iterVar2 !== undefined && value.iterVar2 !== '') {
          unknown = true;
          return;
        }
        const range = resolve(value.iterRange, env);
        const inner = new Map(env);
        inner.delete(value.accuVar);
        if (range !== undefined) {
          range.elements ??= newAccess();
          inner.set(value.iterVar, range.elements);
        } else {
          inner.delete(value.iterVar);
        }
        use(value.accuInit, env);
        for (const part of [value.loopCondition, value.loopStep, value.result]) use(part, inner);
        break;
      }
      default:
        unknown = true;
    }
  };
  visit(expr, new Map([['self', root]]));
  return unknown ? undefined : root;
}

/** The part of the schema the key of a value needs: how properties are named in CEL, and the schemas below. */
export interface MemoSchema {
  readonly properties?: Map<string, MemoSchema>;
  readonly additional?: MemoSchema;
  readonly items?: MemoSchema;
  /** The property a rule means by `self.<celName>` (unescaped: `__namespace__` → `namespace`). */
  propertyOfCelName(celName: string): string;
}

/** Keys longer than this are not remembered: such a value is unlikely to repeat. */
const KEY_LIMIT = 2048;

/**
 * The part of `value` that `access` reads, as a string; undefined when it is too long to remember. Equal keys mean
 * equal outcomes: what the rule reads is written exactly (JSON of values used whole, presence as `+`/`-`/`~` for
 * set, absent, null), together with the JSON type of every value it descends into (a select on a string is an error
 * whatever the string).
 *
 * @param celMetadata how the object's metadata is seen by rules of the root (only name and generateName); undefined below it
 */
export function memoKey(access: Access | undefined, schema: MemoSchema | undefined, value: unknown,
  celMetadata?: (metadata: unknown) => unknown): string | undefined {
  if (access === undefined) {
    if (celMetadata !== undefined) return undefined;
    const text = JSON.stringify(value);
    return text === undefined || text.length > KEY_LIMIT ? undefined : text;
  }
  const key = write(access, schema, value, celMetadata, '');
  return key === undefined || key.length > KEY_LIMIT ? undefined : key;
}

/** Appends the key of `v` to `key`; undefined once it is too long. */
function write(a: Access, s: MemoSchema | undefined, v: unknown, celMetadata: ((metadata: unknown) => unknown) | undefined,
  key: string | undefined): string | undefined {
  if (key === undefined || key.length > KEY_LIMIT) return undefined;
  if (v === undefined) return `${key}-`;
  if (a.whole || v === null || typeof v !== 'object') {
    return key + JSON.stringify(celMetadata !== undefined ? { ...(v as object), metadata: celMetadata((v as any).metadata) } : v);
  }
  if (Array.isArray(v)) {
    key += `[${v.length}`;
    if (a.fields.size > 0 || a.presence.size > 0) key += '!'; // a field of a list: an error, whatever it holds
    const elements = a.elements;
    if (elements !== undefined) {
      const items = s?.items;
      for (let i = 0; i < v.length && key !== undefined; i++) key = write(elements, items, v[i], undefined, key);
    }
    return key === undefined ? undefined : `${key}]`;
  }
  const object = v as Record<string, unknown>;
  key += '{';
  if (a.size) key += `#${Object.keys(object).length}`;
  if (a.elements !== undefined) key += JSON.stringify(Object.keys(object)); // iterating a map: its keys
  for (const celName of a.presence) {
    const name = s === undefined ? celName : s.propertyOfCelName(celName);
    const field = celMetadata !== undefined && name === 'metadata' ? celMetadata(object.metadata) : object[name];
    key += field === undefined ? '-' : field === null ? '~' : '+';
  }
  for (const [celName, sub] of a.fields) {
    const name = s === undefined ? celName : s.propertyOfCelName(celName);
    const child = s === undefined ? undefined : s.properties?.get(name) ?? s.additional;
    const field = celMetadata !== undefined && name === 'metadata' ? celMetadata(object.metadata) : object[name];
    key = write(sub, child, field, undefined, `${key},`);
    if (key === undefined) return undefined;
  }
  return `${key}}`;
}

let memoEnabled = true;

/** Turns remembering off (and on again) for the whole process: the tests compare outcomes with and without it. */
export function setRuleMemoEnabled(enabled: boolean): void {
  memoEnabled = enabled;
}

/**
 * Outcomes of one rule by `memoKey()`. A rule whose inputs rarely repeat stops being remembered after a few hundred
 * values; the table is bounded.
 */
export class RuleMemo<T> {
  public enabled = true;
  private readonly outcomes = new Map<string, T>();
  private lookups = 0;
  private hits = 0;

  public get(key: string): T | undefined {
    if (!memoEnabled) return undefined;
    this.lookups++;
    const outcome = this.outcomes.get(key);
    if (outcome !== undefined) {
      this.hits++;
    } else if (this.lookups >= 512 && this.hits * 8 < this.lookups) {
      this.enabled = false;
      this.outcomes.clear();
    }
    return outcome;
  }

  public set(key: string, outcome: T): void {
    if (!this.enabled || !memoEnabled) return;
    if (this.outcomes.size >= 4096) this.outcomes.clear();
    this.outcomes.set(key, outcome);
  }
}
