import { describe, expect, it } from 'vitest';
import { memoryLedger } from './charge-ledger.ts';

const charge = (key: string, status: 'succeeded' | 'failed' = 'succeeded') => ({
  idempotencyKey: key,
  amount: 1000,
  currency: 'usd',
  paymentMethodId: 'pm_1',
  result: { status } as any,
});

describe('memoryLedger', () => {
  it('keeps only the newest keys but counts every charge', async () => {
    const ledger = memoryLedger(3);
    for (const k of ['a', 'b', 'c', 'd']) await ledger.record(charge(k, k === 'd' ? 'failed' : 'succeeded'));
    expect(await ledger.count()).toBe(4);
    expect(await ledger.count('succeeded')).toBe(3);
    expect(await ledger.count('failed')).toBe(1);
    expect(await ledger.find('a')).toBeNull();
    expect((await ledger.entries()).map((e) => e.idempotencyKey)).toEqual(['b', 'c', 'd']);
  });

  it('answers a repeated key with the recorded outcome and charges once', async () => {
    const ledger = memoryLedger();
    expect((await ledger.record(charge('k'))).charged).toBe(true);
    const again = await ledger.record(charge('k', 'failed'));
    expect(again.charged).toBe(false);
    expect(again.entry.result.status).toBe('succeeded');
    expect(await ledger.count()).toBe(1);
  });
});
