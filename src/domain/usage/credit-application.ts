// Which credit grants pay for which invoice lines: each eligible line (a metered price, or a price
// the grant names) takes from the usable grants in order — priority (0 first), then the earliest
// expiry (none last), then the oldest — until its amount after discounts is covered. Expired,
// voided, not yet effective or spent grants take no part: expired credit is gone.

export interface GrantState {
  id: string;
  currency: string;
  remaining: number;
  priority: number;
  effectiveAt: number | null;
  expiresAt: number | null;
  created: number;
  voided: boolean;
  scope: { metered: boolean; prices: string[] | null };
}

export interface CreditableLine {
  id: string;
  priceId: string | null;
  metered: boolean;
  /** What the line still costs before tax: its amount less its discounts. */
  net: number;
}

export interface CreditApplication {
  grantId: string;
  lineId: string;
  amount: number;
}

export function usableGrants(grants: GrantState[], now: number, currency?: string): GrantState[] {
  return grants
    .filter(
      (g) =>
        !g.voided &&
        g.remaining > 0 &&
        (g.effectiveAt === null || g.effectiveAt <= now) &&
        (g.expiresAt === null || g.expiresAt > now) &&
        (currency === undefined || g.currency === currency),
    )
    .sort(
      (a, b) =>
        a.priority - b.priority ||
        (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) ||
        a.created - b.created ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

export const grantCovers = (g: GrantState, line: Pick<CreditableLine, 'priceId' | 'metered'>): boolean =>
  g.scope.prices ? line.priceId !== null && g.scope.prices.includes(line.priceId) : g.scope.metered && line.metered;

export function applyCredits(grants: GrantState[], lines: CreditableLine[], now: number, currency: string): CreditApplication[] {
  const usable = usableGrants(grants, now, currency).map((g) => ({ ...g }));
  const out: CreditApplication[] = [];
  for (const line of lines) {
    let owed = line.net;
    for (const g of usable) {
      if (owed <= 0) break;
      if (g.remaining <= 0 || !grantCovers(g, line)) continue;
      const amount = Math.min(owed, g.remaining);
      g.remaining -= amount;
      owed -= amount;
      out.push({ grantId: g.id, lineId: line.id, amount });
    }
  }
  return out;
}
