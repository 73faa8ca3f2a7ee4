import { describe, expect, it } from 'vitest';
import { decideExpiry, expiryDue } from './credit-expiry.ts';

describe('credit grant expiry', () => {
  it('debits what is left, at expires_at, once the instant has come', () => {
    // $50 granted, $20 applied: $30 expires.
    expect(decideExpiry({ expiresAt: 1000, voided: false, remaining: 5000 - 2000 }, 1000)).toEqual({ kind: 'expire', amount: 3000, at: 1000 });
    // Run late (the engine was down): still at the expiry instant.
    expect(decideExpiry({ expiresAt: 1000, voided: false, remaining: 3000 }, 4600)).toEqual({ kind: 'expire', amount: 3000, at: 1000 });
    expect(decideExpiry({ expiresAt: 1000, voided: false, remaining: 3000 }, 999)).toEqual({ kind: 'wait', until: 1000 });
  });

  it('has nothing to expire for a spent, voided or never-expiring grant', () => {
    expect(decideExpiry({ expiresAt: 1000, voided: false, remaining: 0 }, 1000)).toEqual({ kind: 'nothing' }); // spent, or expired already
    expect(decideExpiry({ expiresAt: 1000, voided: true, remaining: 3000 }, 1000)).toEqual({ kind: 'nothing' });
    expect(decideExpiry({ expiresAt: null, voided: false, remaining: 3000 }, 1000)).toEqual({ kind: 'nothing' });
    expect([expiryDue({ expiresAt: 1000, voided: false }), expiryDue({ expiresAt: 1000, voided: true }), expiryDue({ expiresAt: null, voided: false })]).toEqual([1000, null, null]);
  });
});
