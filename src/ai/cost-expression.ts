/**
 * The types of an AI Gateway v1.1.0 request cost expression (CEL), checked before the controller sees them. The
 * token counts are CEL `uint`s and `model`, `backend` and `route_name` strings (internal/llmcostcel/cel.go); CEL has
 * no implicit conversion, so `output_tokens * 6` fails to compile (6 is an `int`) and the controller refuses the
 * route, while `output_tokens * 6u` is fine. The result must be an `int` or a `uint`.
 *
 * This covers the expressions a cost is written in: literals, the variables, arithmetic, comparisons, `&&`, `||`,
 * `!`, the conditional operator, parentheses and the conversions `uint()`, `int()`, `double()` and `string()`.
 * Anything else (other functions, members, lists, macros) makes the part it is in of unknown type, which is
 * not judged: the controller compiles the expression in full.
 */

const UINT_VARIABLES = new Set(['input_tokens', 'cached_input_tokens', 'cache_creation_input_tokens', 'output_tokens', 'total_tokens', 'reasoning_tokens']);
const STRING_VARIABLES = new Set(['model', 'backend', 'route_name']);

type CelType = 'int' | 'uint' | 'double' | 'string' | 'bool' | 'unknown';

interface Token {
  readonly kind: 'number' | 'string' | 'ident' | 'op' | 'end';
  readonly text: string;
  readonly type?: CelType;
}

interface Typed {
  readonly type: CelType;
  /** The source text, for messages. */
  readonly text: string;
  /** Set for a literal: what it would be written as with the unsigned suffix. */
  readonly literal?: string;
}

class CostError extends Error {}

/** Why the expression would not compile to an integer cost, or undefined (also when it cannot be judged here). */
export function costExpressionProblem(expression: string): string | undefined {
  let tokens: Token[];
  try {
    tokens = tokenize(expression);
  } catch {
    return undefined;
  }
  const parser = new Parser(tokens);
  try {
    const result = parser.parse();
    if (result.type === 'double' || result.type === 'string' || result.type === 'bool') {
      return `evaluates to a ${result.type}, and a cost must be an int or a uint. Convert it, for example uint(${expression.trim()}).`;
    }
    return undefined;
  } catch (e) {
    if (e instanceof CostError) return e.message;
    return undefined;
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^(\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|0x[0-9a-fA-F]+[uU]?|\d+[uU]?)/.exec(source.slice(i));
    if (number !== null) {
      const text = number[1];
      const type: CelType = /[uU]$/.test(text) ? 'uint' : /[.eE]/.test(text) && !text.startsWith('0x') ? 'double' : 'int';
      tokens.push({ kind: 'number', text, type });
      i += text.length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (ident !== null) {
      tokens.push({ kind: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new Error('unterminated string');
      tokens.push({ kind: 'string', text: source.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    const op = ['&&', '||', '==', '!=', '<=', '>='].find(o => source.startsWith(o, i)) ?? c;
    if (op.length === 1 && !'+-*/%<>!?:(),.[]{}'.includes(op)) throw new Error(`unexpected '${c}'`);
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

/** The binary operators by precedence, lowest first. */
const LEVELS: string[][] = [['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

class Parser {
  private pos = 0;

  public constructor(private readonly tokens: Token[]) {}

  public parse(): Typed {
    const result = this.conditional();
    if (this.peek().kind !== 'end') throw new Error('trailing input');
    return result;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private accept(op: string): boolean {
    if (this.peek().kind === 'op' && this.peek().text === op) {
      this.pos++;
      return true;
    }
    return false;
  }

  private conditional(): Typed {
    const condition = this.binary(0);
    if (!this.accept('?')) return condition;
    const a = this.conditional();
    if (!this.accept(':')) throw new Error('expected :');
    const b = this.conditional();
    if (a.type !== 'unknown' && b.type !== 'unknown' && a.type !== b.type) {
      throw new CostError(mismatch('?:', a, b));
    }
    return { type: a.type === 'unknown' ? b.type : a.type, text: `${condition.text} ? ${a.text} : ${b.text}` };
  }

  private binary(level: number): Typed {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !LEVELS[level].includes(t.text)) return left;
      this.pos++;
      const right = this.binary(level + 1);
      left = combine(t.text, left, right);
    }
  }

  private unary(): Typed {
    if (this.accept('!')) {
      const operand = this.unary();
      return { type: 'bool', text: `!${operand.text}` };
    }
    if (this.accept('-')) {
      const operand = this.unary();
      if (operand.type === 'uint') throw new CostError(`negates the uint ${operand.text}, which CEL does not do. Subtract from another uint, or convert with int().`);
      return { type: operand.type, text: `-${operand.text}` };
    }
    return this.postfix(this.primary());
  }

  private postfix(value: Typed): Typed {
    let result = value;
    for (;;) {
      if (this.accept('.')) {
        const member = this.next();
        if (member.kind !== 'ident') throw new Error('expected member');
        if (this.accept('(')) this.args();
        result = { type: 'unknown', text: `${result.text}.${member.text}` };
      } else if (this.accept('[')) {
        this.conditional();
        if (!this.accept(']')) throw new Error('expected ]');
        result = { type: 'unknown', text: `${result.text}[...]` };
      } else {
        return result;
      }
    }
  }

  private args(): Typed[] {
    const args: Typed[] = [];
    if (this.accept(')')) return args;
    do args.push(this.conditional()); while (this.accept(','));
    if (!this.accept(')')) throw new Error('expected )');
    return args;
  }

  private primary(): Typed {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { type: t.type!, text: t.text, literal: t.type === 'int' ? `${t.text}u` : undefined };
      case 'string':
        return { type: 'string', text: t.text };
      case 'ident': {
        if (this.accept('(')) {
          const args = this.args();
          const conversions: { [name: string]: CelType } = { uint: 'uint', int: 'int', double: 'double', string: 'string' };
          return { type: args.length === 1 ? conversions[t.text] ?? 'unknown' : 'unknown', text: `${t.text}(...)` };
        }
        if (t.text === 'true' || t.text === 'false') return { type: 'bool', text: t.text };
        if (UINT_VARIABLES.has(t.text)) return { type: 'uint', text: t.text };
        if (STRING_VARIABLES.has(t.text)) return { type: 'string', text: t.text };
        throw new CostError(`names '${t.text}', which is no variable of a cost expression (${[...UINT_VARIABLES, ...STRING_VARIABLES].join(', ')}).`);
      }
      case 'op':
        if (t.text === '(') {
          const inner = this.conditional();
          if (!this.accept(')')) throw new Error('expected )');
          return { type: inner.type, text: `(${inner.text})` };
        }
        if (t.text === '[' || t.text === '{') throw new Error('list or map');
        throw new Error(`unexpected ${t.text}`);
      default:
        throw new Error('unexpected end');
    }
  }
}

function combine(op: string, a: Typed, b: Typed): Typed {
  const text = `${a.text} ${op} ${b.text}`;
  if (op === '&&' || op === '||') return { type: 'bool', text };
  if (a.type === 'unknown' || b.type === 'unknown') return { type: ['==', '!=', '<', '<=', '>', '>='].includes(op) ? 'bool' : 'unknown', text };
  if (a.type !== b.type) throw new CostError(mismatch(op, a, b));
  if (['==', '!=', '<', '<=', '>', '>='].includes(op)) return { type: 'bool', text };
  if (a.type === 'bool' || (a.type === 'string' && op !== '+')) throw new CostError(`applies ${op} to ${a.type}s (${text}), which CEL does not do.`);
  return { type: a.type, text };
}

function mismatch(op: string, a: Typed, b: Typed): string {
  const literal = a.type === 'uint' && b.literal !== undefined ? b : b.type === 'uint' && a.literal !== undefined ? a : undefined;
  const where = op === '?:' ? `has branches of two types (${a.type} ${a.text}, ${b.type} ${b.text})` : `applies ${op} to a ${a.type} and a ${b.type} (${a.text} ${op} ${b.text})`;
  const fix = literal !== undefined ? `Write the literal ${literal.text} as ${literal.literal}: the token counts are uints.`
    : a.type === 'double' || b.type === 'double' ? 'Compute in double and convert the result, for example uint(double(output_tokens) * 0.5).'
      : 'Convert one side with uint() or int().';
  return `${where}, which CEL does not do without a conversion (the AI Gateway would refuse the route). ${fix}`;
}
