// Stripe's search query language: `email:'a@b.c' AND metadata['plan']:'pro'`, `name~'ali'`,
// `created>1700000000`, `-status:'canceled'`, clauses joined by AND or OR (not both).

export type Operator = ':' | '~' | '>' | '<' | '>=' | '<=';

export interface Clause {
  field: string;
  /** For `metadata['key']`, the key. */
  key?: string;
  op: Operator;
  value: string | number | null;
  negated: boolean;
}

export interface SearchQuery {
  clauses: Clause[];
  join: 'AND' | 'OR';
}

export class SearchSyntaxError extends Error {}

const MAX_CLAUSES = 10;

export function parseSearchQuery(input: string): SearchQuery {
  const p = new Parser(input);
  const clauses: Clause[] = [p.clause()];
  let join: 'AND' | 'OR' | undefined;
  while (!p.atEnd()) {
    const word = p.keyword();
    if (join && word !== join) throw new SearchSyntaxError('Queries cannot mix AND and OR.');
    join = word;
    clauses.push(p.clause());
  }
  if (clauses.length > MAX_CLAUSES) throw new SearchSyntaxError(`A query can have at most ${MAX_CLAUSES} clauses.`);
  return { clauses, join: join ?? 'AND' };
}

class Parser {
  private i = 0;
  constructor(private s: string) {}

  atEnd(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private fail(what: string): never {
    throw new SearchSyntaxError(`${what} at position ${this.i} of the query.`);
  }

  keyword(): 'AND' | 'OR' {
    this.ws();
    const m = /^(AND|OR)(?=\s)/.exec(this.s.slice(this.i));
    if (!m) this.fail('Expected AND or OR');
    this.i += m[1].length;
    return m[1] as 'AND' | 'OR';
  }

  clause(): Clause {
    this.ws();
    let negated = false;
    if (this.s[this.i] === '-') {
      negated = true;
      this.i++;
    }
    const m = /^[a-zA-Z_][a-zA-Z0-9_.]*/.exec(this.s.slice(this.i));
    if (!m) this.fail('Expected a field name');
    const field = m[0];
    this.i += field.length;
    let key: string | undefined;
    if (this.s[this.i] === '[') {
      this.i++;
      const k = this.string();
      if (k === null) this.fail('Expected a quoted metadata key');
      key = k;
      if (this.s[this.i] !== ']') this.fail("Expected ']'");
      this.i++;
    }
    const op = /^(>=|<=|:|~|>|<)/.exec(this.s.slice(this.i));
    if (!op) this.fail(`Expected an operator (:, ~, >, <, >=, <=) after ${field}`);
    this.i += op[1].length;
    const value = this.value();
    return { field, key, op: op[1] as Operator, value, negated };
  }

  private string(): string | null {
    const q = this.s[this.i];
    if (q !== '"' && q !== "'") return null;
    this.i++;
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
      out += this.s[this.i++];
    }
    if (this.s[this.i] !== q) this.fail('Unterminated string');
    this.i++;
    return out;
  }

  private value(): string | number | null {
    const str = this.string();
    if (str !== null) return str;
    const m = /^(-?\d+(\.\d+)?|null)(?=$|\s)/.exec(this.s.slice(this.i));
    if (!m) this.fail('Expected a quoted string, a number or null');
    this.i += m[1].length;
    return m[1] === 'null' ? null : Number(m[1]);
  }
}
