import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isUnstorableText, unstorableTextError } from './text-check.ts';

const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

describe('text PostgreSQL cannot store', () => {
  it('is exactly a NUL or an unpaired surrogate, for any UTF-16 string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(isUnstorableText(s)).toBe(s.includes('\0') || !wellFormed(s));
      }),
      { numRuns: 5000 },
    );
    expect(isUnstorableText('🙂 日本 é')).toBe(false);
    expect(isUnstorableText('\ud83d')).toBe(true);
    expect(isUnstorableText('a\u0000')).toBe(true);
  });

  it('names where it sits in nested parameters', () => {
    expect(unstorableTextError({ items: [{ metadata: { k: 'x\udc00' } }] })?.body.param).toBe('items[0][metadata][k]');
    expect(unstorableTextError({ metadata: { 'bad\u0000key': 'v' } })?.body.param).toBe('metadata');
    expect(unstorableTextError({ name: 'fine', n: 3, list: ['a', 'b'] })).toBeNull();
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const e = unstorableTextError(v);
        const text = JSON.stringify(v);
        // A NUL or a lone surrogate anywhere in the value shows as an escape in its JSON.
        expect(e !== null).toBe(/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/.test(text));
      }),
      { numRuns: 2000 },
    );
  });
});
