// Whatever the official stripe SDK encodes decodes back to the same structure (property tests).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { queryStringifyRequestData } from '../../../node_modules/stripe/esm/utils.js';
import { decodeForm } from './form.ts';
import { RecurError } from '../../core/errors.ts';
import { bool, emptyable, int, list, metadata, parseParams, str, z } from '../params.ts';

/** The SDK's own encoder: qs-style brackets, indexed arrays, brackets left unescaped. */
const encode = (data: Record<string, unknown>): string => queryStringifyRequestData(data);

/** Metadata keys a user may send: anything but square brackets (Stripe forbids them), up to 40 chars. */
// Any well-formed Unicode (control characters and NUL included): lone surrogates have no UTF-8
// form, so a client cannot send them in a form body (text-check.test.ts covers them).
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();
const anyUnicode = (o: { minLength?: number; maxLength: number }) =>
  fc.oneof(fc.string({ unit: 'grapheme', ...o }), fc.string({ unit: 'binary', ...o }).filter(wellFormed));

const oddKey = fc.oneof(
  anyUnicode({ minLength: 1, maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(' ', '&', '=', '%', '+', '.', '#', '?', '/', '"', "'", '\\', 'é', '日', '🙂', '0', '7', 'a', '\n'), minLength: 1, maxLength: 12 }),
  fc.constantFrom('toString', 'constructor', 'hasOwnProperty', 'valueOf', '0', '5', '10', ' ', 'a b', 'a.b', 'ключ'),
).filter((k) => !/[[\]]/.test(k) && k !== '__proto__' && k.length <= 40);

const anyValue = anyUnicode({ maxLength: 30 });
const fieldKey = fc.stringMatching(/^[a-z][a-z_]{0,11}$/);

/** What the decoder gives for a value: strings at the leaves, arrays as index-keyed hashes, empty containers absent. */
function decoded(v: unknown): unknown {
  if (v === null) return '';
  if (Array.isArray(v)) return decoded(Object.fromEntries(v.map((x, i) => [String(i), x])));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) {
      const d = decoded(x);
      if (d !== undefined) out[k] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return String(v);
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

// A free-form parameter bag: nested hashes, arrays of hashes and of scalars.
const leaf = fc.oneof(anyValue, fc.integer(), fc.boolean(), fc.constant(''), fc.constant(null));
const { bag } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('bag'), fc.array(tie('node'), { maxLength: 4 })),
  bag: fc.dictionary(fc.oneof(fieldKey, oddKey), tie('node'), { maxKeys: 5 }),
}));

describe('form decoding of what the stripe SDK encodes', () => {
  it('gives back the same structure, with string leaves', () => {
    fc.assert(
      fc.property(fc.dictionary(fieldKey, bag.chain((b) => fc.constant(b)), { maxKeys: 4 }), (data) => {
        expect(plain(decodeForm(encode(data)))).toEqual(decoded(data) ?? {});
      }),
      { numRuns: 500 },
    );
  });

  it('keeps metadata keys that look like indexes or Object.prototype members', () => {
    expect(plain(decodeForm(encode({ metadata: { '5': 'x', toString: 'y', constructor: 'z' } })))).toEqual({
      metadata: { '5': 'x', toString: 'y', constructor: 'z' },
    });
  });

  const schema = z.strictObject({
    name: emptyable(str()).optional(),
    count: int().optional(),
    flag: bool().optional(),
    metadata: metadata().optional(),
    items: list(z.strictObject({ price: str(), quantity: int().optional(), tax_rates: list(str()).optional() })).optional(),
    nested: z.strictObject({ note: emptyable(str()).optional(), deep: z.strictObject({ n: int() }).optional() }).optional(),
  });
  type Params = z.output<typeof schema>;
  const params: fc.Arbitrary<Params> = fc.record(
    {
      name: fc.oneof(anyValue, fc.constant('')),
      count: fc.maxSafeInteger().map((n) => n),
      flag: fc.boolean(),
      metadata: fc.dictionary(oddKey, anyValue, { minKeys: 1, maxKeys: 50 }),
      items: fc.array(
        fc.record(
          { price: anyValue, quantity: fc.integer({ min: -1e9, max: 1e9 }), tax_rates: fc.array(anyValue, { minLength: 1, maxLength: 3 }) },
          { requiredKeys: ['price'] },
        ),
        { minLength: 1, maxLength: 25 },
      ),
      nested: fc.record({ note: anyValue, deep: fc.record({ n: fc.integer() }) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );

  it('decodes and coerces back to the values the caller passed', () => {
    fc.assert(
      fc.property(params, (p) => {
        const sent = encode(p as Record<string, unknown>);
        const got = parseParams(schema, decodeForm(sent));
        // An empty `nested` hash is not sent at all by the SDK.
        const want = plain(p);
        if (want.nested && !Object.keys(want.nested).length) delete want.nested;
        // '' unsets: emptyable params decode it to null, as Stripe does.
        if (want.name === '') want.name = null;
        if (want.nested?.note === '') want.nested.note = null;
        expect(plain(got)).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('decodes arrays past any size limit in order', () => {
    const items = Array.from({ length: 1200 }, (_, i) => ({ price: `p${i}` }));
    const got = parseParams(z.strictObject({ items: list(z.strictObject({ price: str() }), { max: 2000 }) }), decodeForm(encode({ items })));
    expect(got.items.map((i) => i.price)).toEqual(items.map((i) => i.price));
  });

  it('never throws anything but an RecurError on hostile input', () => {
    const hostile = fc.oneof(
      fc.string({ unit: fc.constantFrom('[', ']', '=', '&', '%', 'a', '0', '1', '_', '.', '+', ' ', 'é'), maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      bag.map((b) => encode({ metadata: b, items: [b] })),
    );
    fc.assert(
      fc.property(hostile, (body) => {
        let decodedBody: unknown;
        expect(() => (decodedBody = decodeForm(body))).not.toThrow();
        try {
          parseParams(schema, decodedBody);
        } catch (e) {
          expect(e).toBeInstanceOf(RecurError);
          expect((e as RecurError).kind).toBe('invalid');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
