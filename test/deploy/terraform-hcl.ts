/**
 * Reads terraform/*.tf with @cdktf/hcl2json (there is no terraform binary here) and evaluates
 * the small subset of HCL expressions the configuration uses for values the tests compare:
 * references to var.* and local.*, indexing, `cond ? a : b`, `concat(...)`, `lower(...)`,
 * list/string/number/bool literals and "${...}" interpolation. Anything else is an error naming
 * the expression, so a test never passes on an expression it did not understand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

export const TF_DIR = join(import.meta.dirname, '../../terraform');

export type Block = Record<string, unknown>;

export interface Terraform {
  /** { section: { type or name: ... } } merged over all files; `locals` is one flat map. */
  readonly sections: Record<string, Record<string, unknown>>;
  readonly locals: Record<string, unknown>;
  readonly variableDefaults: Record<string, unknown>;
}

export async function loadTerraform(): Promise<Terraform> {
  const sections: Record<string, Record<string, unknown>> = {};
  const locals: Record<string, unknown> = {};
  for (const file of readdirSync(TF_DIR).filter((f) => f.endsWith('.tf'))) {
    const parsed = (await parse(file, readFileSync(join(TF_DIR, file), 'utf8'))) as Record<
      string,
      unknown
    >;
    for (const [section, body] of Object.entries(parsed)) {
      if (section === 'locals') {
        for (const block of body as Block[]) Object.assign(locals, block);
        continue;
      }
      const merged = (sections[section] ??= {});
      for (const [key, value] of Object.entries(body as Block)) {
        // Resource and data sections nest one level deeper: { type: { name: [body] } }.
        merged[key] =
          section === 'resource' || section === 'data'
            ? { ...((merged[key] as Block | undefined) ?? {}), ...(value as Block) }
            : value;
      }
    }
  }
  const variableDefaults = Object.fromEntries(
    Object.entries(sections.variable ?? {}).map(([name, blocks]) => [
      name,
      (blocks as Block[])[0]?.default,
    ]),
  );
  return { sections, locals, variableDefaults };
}

/** The first (only) body of each `section "type" "name"` block, by name. */
export function blocksOf(tf: Terraform, section: string, type: string): Record<string, Block> {
  const byName = (tf.sections[section]?.[type] ?? {}) as Record<string, Block[]>;
  return Object.fromEntries(
    Object.entries(byName).map(([name, blocks]) => [name, blocks[0] as Block]),
  );
}

export function variableBlock(tf: Terraform, name: string): Block {
  const block = (tf.sections.variable?.[name] as Block[] | undefined)?.[0];
  if (!block) throw new Error(`no variable "${name}" in terraform/`);
  return block;
}

/** Evaluates a parsed attribute value with the given variables (defaults fill the rest). */
export function evaluate(
  tf: Terraform,
  value: unknown,
  vars: Record<string, unknown> = {},
): unknown {
  const scope = { var: { ...tf.variableDefaults, ...vars }, local: tf.locals };
  const seen = new Set<string>();
  const evalValue = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(evalValue);
    if (typeof v !== 'string') return v;
    const whole = /^\$\{([\s\S]*)\}$/.exec(v);
    if (whole?.[1] !== undefined && !whole[1].includes('${')) return evalExpr(whole[1]);
    return v.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => String(evalExpr(expr)));
  };
  const evalExpr = (text: string): unknown => {
    const parser = new ExprParser(text, (root, name) => {
      const key = `${root}.${name}`;
      if (root === 'local') {
        if (seen.has(key)) throw new Error(`cycle through ${key}`);
        seen.add(key);
        const out = evalValue(scope.local[name]);
        seen.delete(key);
        if (out === undefined) throw new Error(`no ${key}`);
        return out;
      }
      if (!(name in scope.var)) throw new Error(`no ${key}`);
      return scope.var[name];
    });
    return parser.parseAll();
  };
  return evalValue(value);
}

type Resolve = (root: 'var' | 'local', name: string) => unknown;

/** Recursive descent over the expression subset named in the file comment. */
class ExprParser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly resolve: Resolve,
  ) {}

  parseAll(): unknown {
    const value = this.conditional();
    this.skip();
    if (this.pos < this.src.length) this.fail('unexpected text');
    return value;
  }

  private conditional(): unknown {
    const cond = this.postfix();
    if (!this.eat('?')) return cond;
    const yes = this.conditional();
    this.expect(':');
    const no = this.conditional();
    if (typeof cond !== 'boolean') this.fail(`condition is ${JSON.stringify(cond)}, not a bool`);
    return cond ? yes : no;
  }

  private postfix(): unknown {
    let value = this.primary();
    while (this.eat('[')) {
      const key = this.conditional();
      this.expect(']');
      const container = value as Record<string, unknown>;
      if (container === null || typeof container !== 'object' || !(String(key) in container)) {
        this.fail(`no key ${JSON.stringify(key)}`);
      }
      value = container[String(key)];
    }
    return value;
  }

  private primary(): unknown {
    this.skip();
    if (this.eat('[')) return this.list(']');
    if (this.eat('(')) {
      const inner = this.conditional();
      this.expect(')');
      return inner;
    }
    const str = /^"((?:[^"\\]|\\.)*)"/.exec(this.rest());
    if (str) return this.take(str[0], JSON.parse(str[0]) as string);
    const num = /^-?\d+(\.\d+)?/.exec(this.rest());
    if (num) return this.take(num[0], Number(num[0]));
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.rest())?.[0];
    if (!word) return this.fail('expected a value');
    this.pos += word.length;
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (word === 'var' || word === 'local') {
      this.expect('.');
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.rest())?.[0];
      if (!name) return this.fail(`expected a name after ${word}.`);
      this.pos += name.length;
      return this.resolve(word, name);
    }
    if (word === 'lower' && this.eat('(')) {
      const text = this.conditional();
      this.expect(')');
      if (typeof text !== 'string') this.fail('lower() takes a string');
      return text.toLowerCase();
    }
    if (word === 'concat' && this.eat('(')) {
      const lists = this.list(')');
      if (!lists.every(Array.isArray)) this.fail('concat() takes lists');
      return (lists as unknown[][]).flat();
    }
    return this.fail(`unsupported "${word}"`);
  }

  private list(close: string): unknown[] {
    const items: unknown[] = [];
    while (!this.eat(close)) {
      items.push(this.conditional());
      if (!this.eat(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  private rest(): string {
    return this.src.slice(this.pos);
  }
  private skip(): void {
    while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }
  private eat(token: string): boolean {
    this.skip();
    if (!this.src.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }
  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected "${token}"`);
  }
  private take<T>(text: string, value: T): T {
    this.pos += text.length;
    return value;
  }
  private fail(why: string): never {
    throw new Error(`cannot evaluate \${${this.src}}: ${why} at offset ${this.pos}`);
  }
}
