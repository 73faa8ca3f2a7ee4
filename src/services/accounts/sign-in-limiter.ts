// Failed sign-ins counted per email and per client address in a sliding window; past the limit the
// key is refused until its oldest failure leaves the window. Kept in the process (one per app).
export class SignInLimiter {
  private failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 5,
    private readonly windowSeconds = 15 * 60,
  ) {}

  /** Seconds until every key may try again (0: now). */
  blockedFor(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.limit) wait = Math.max(wait, recent[0] + this.windowSeconds - now);
    }
    return wait;
  }

  recordFailure(keys: string[], now: number): void {
    if (this.failures.size > 10_000) this.failures.clear();
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.windowSeconds);
  }
}
