import { describe, expect, it } from 'vitest';
import { cancellationKey, changeKey, manualKey, periodKey } from './invoice-keys.ts';

describe('invoice keys', () => {
  it('name each invoice a subscription or a request creates', () => {
    expect(periodKey(1_767_225_600)).toBe('1767225600');
    expect(changeKey('proration', 1_768_608_000, 'in_1')).toBe('proration:1768608000:in_1');
    expect(changeKey('anchor', 1_768_608_000, { id: 'in_1' })).toBe('anchor:1768608000:in_1');
    expect(changeKey('proration', 1_768_608_000, null)).toBe('proration:1768608000:');
    expect(cancellationKey()).toBe('cancel');
    expect(manualKey('abc')).toBe('manual:abc');
    expect(manualKey(undefined)).toBeNull();
  });

  it('two changes at one instant differ by the invoice before them; a replay of one does not', () => {
    const first = changeKey('proration', 100, 'in_a');
    expect(changeKey('proration', 100, 'in_b')).not.toBe(first);
    expect(changeKey('proration', 100, 'in_a')).toBe(first);
  });
});
