// The search query language: printed ASTs parse back to themselves; garbage fails only with SearchSyntaxError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSearchQuery, SearchSyntaxError, type Clause, type Operator, type SearchQuery } from './query.ts';
import { compileSearch } from './compile.ts';
import { RecurError } from '../../core/errors.ts';

const quote = (s: string, q: "'" | '"') => q + s.replace(/[\\]/g, '\\\\').split(q).join('\\' + q) + q;

function printValue(v: Clause['value'], q: "'" | '"'): string {
  if (v === null) return 'null';
  return typeof v === 'number' ? String(v) : quote(v, q);
}

function print(query: SearchQuery, q: "'" | '"', gap: string): string {
  return query.clauses
    .map((c) => `${c.negated ? '-' : ''}${c.field}${c.key !== undefined ? `[${quote(c.key, q)}]` : ''}${c.op}${printValue(c.value, q)}`)
    .join(`${gap}${query.join}${gap}`);
}

const ops: Operator[] = [':', '~', '>', '<', '>=', '<='];
const text = fc.string({ unit: fc.oneof(fc.constantFrom("'", '"', '\\', ' ', ']', '[', ':', '-', 'AND', 'OR'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 20 });
const value: fc.Arbitrary<Clause['value']> = fc.oneof(
  text,
  fc.constant(null),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 1, max: 9999 })).map(([a, b]) => Number(`${a}.${b}`)),
);
const clause: fc.Arbitrary<Clause> = fc.record({
  field: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_.]{0,15}$/),
  key: fc.option(text, { nil: undefined }),
  op: fc.constantFrom(...ops),
  value,
  negated: fc.boolean(),
});
const query: fc.Arbitrary<SearchQuery> = fc.record({
  clauses: fc.array(clause, { minLength: 1, maxLength: 10 }),
  join: fc.constantFrom('AND' as const, 'OR' as const),
});

describe('search query parser', () => {
  it('parses printed queries back to the same AST', () => {
    fc.assert(
      fc.property(query, fc.constantFrom("'" as const, '"' as const), fc.constantFrom(' ', '  ', '\t', ' \n '), (q, quoteChar, gap) => {
        const got = parseSearchQuery(`${gap}${print(q, quoteChar, gap)}${gap}`);
        expect(got.clauses).toEqual(q.clauses);
        if (q.clauses.length > 1) expect(got.join).toBe(q.join);
      }),
      { numRuns: 1000 },
    );
  });

  it('parses the examples Stripe documents', () => {
    expect(parseSearchQuery(`email:'jenny@example.com' AND metadata['order_id']:'6735'`)).toEqual({
      join: 'AND',
      clauses: [
        { field: 'email', key: undefined, op: ':', value: 'jenny@example.com', negated: false },
        { field: 'metadata', key: 'order_id', op: ':', value: '6735', negated: false },
      ],
    });
    expect(parseSearchQuery('-status:"canceled" OR created>=1700000000').clauses.map((c) => [c.negated, c.op, c.value])).toEqual([
      [true, ':', 'canceled'],
      [false, '>=', 1700000000],
    ]);
  });

  it('rejects mixed joins, too many clauses and unterminated strings', () => {
    for (const bad of [
      "a:'x' AND b:'y' OR c:'z'",
      Array.from({ length: 11 }, (_, i) => `f${i}:1`).join(' AND '),
      "email:'abc",
      "email:'abc\\",
      '',
      'email',
      "email:'a' AND",
      'metadata[key]:1',
      'created>1e5',
    ])
      expect(() => parseSearchQuery(bad), bad).toThrow(SearchSyntaxError);
  });

  it('throws nothing but SearchSyntaxError on garbage', () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: fc.constantFrom("'", '"', '\\', ' ', '[', ']', ':', '~', '>', '<', '=', '-', '.', 'a', '1', 'null', 'AND', 'OR', 'metadata'), maxLength: 40 }),
      fc.tuple(query, fc.nat(200), fc.string({ maxLength: 3 })).map(([q, at, junk]) => {
        const s = print(q, "'", ' ');
        const i = at % (s.length + 1);
        return s.slice(0, i) + junk + s.slice(i + 1);
      }),
    );
    fc.assert(
      fc.property(garbage, (s) => {
        try {
          parseSearchQuery(s);
        } catch (e) {
          expect(e).toBeInstanceOf(SearchSyntaxError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('compiles any query to SQL or a 400 naming the query param', () => {
    const fields = { email: { sql: "(data->>'email')", type: 'string' as const }, created: { sql: '(created)', type: 'number' as const }, active: { sql: '(active)', type: 'boolean' as const } };
    const known = clause.chain((c) => fc.constantFrom('email', 'created', 'active', 'metadata', 'nope').map((field) => ({ ...c, field })));
    const q = fc.record({ clauses: fc.array(known, { minLength: 1, maxLength: 4 }), join: fc.constantFrom('AND' as const, 'OR' as const) });
    fc.assert(
      fc.property(q, (ast) => {
        try {
          const c = compileSearch(print(ast, "'", ' '), fields);
          expect(c.sql.split('?').length - 1).toBe(c.params.length);
        } catch (e) {
          expect(e).toBeInstanceOf(RecurError);
          expect((e as RecurError).kind).toBe('invalid');
          expect((e as RecurError).body.param).toBe('query');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
