// The benchmark's event stream, generated the same way by the client process (which sends it) and
// the driver (which COPYs it as the baseline and checks the totals): deterministic, 10,000
// customers, 3 meters, about 5% of events re-using an earlier identifier.

export const CUSTOMERS = 10_000;
export const METERS = ['bench_api_calls', 'bench_storage_gb', 'bench_messages'] as const;
export const DUPLICATE_SHARE = 0.05;

export const customerId = (i: number) => `cus_bench${String(i).padStart(5, '0')}`;

export interface BenchEvent {
  identifier: string;
  event_name: string;
  customer: string;
  value: number;
  /** Unix seconds. */
  timestamp: number;
  duplicate: boolean;
}

/** A small fast PRNG (mulberry32), so every process draws the same stream. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Event i of the stream. About 5% repeat an earlier event exactly (a client retrying), so the
 * expected totals are those of the first sending of each identifier. Timestamps fall within the hour before `start`,
 * as a live stream's do.
 */
export function* benchEvents(n: number, start: number): Generator<BenchEvent> {
  const rand = prng(42);
  // Which identifiers were sent already: a duplicate re-sends one of them, so it is counted once.
  const sent = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const j = i > 0 && rand() < DUPLICATE_SHARE ? Math.floor(rand() * i) : i;
    const duplicate = sent[j] === 1;
    sent[j] = 1;
    // Every field of event j is a function of j alone, so a duplicate is the same event.
    const r = prng(j + 1);
    const meter = Math.floor(r() * METERS.length);
    yield {
      identifier: `bench-${j}`,
      event_name: METERS[meter],
      customer: customerId(Math.floor(r() * CUSTOMERS)),
      value: 1 + Math.floor(r() * 10),
      timestamp: start - 1 - Math.floor(r() * 3600),
      duplicate,
    };
  }
}
