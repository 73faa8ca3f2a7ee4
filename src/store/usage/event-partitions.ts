// Monthly partitions of the counted events (meter_event_segments, by hour), created the first time
// a month is written to.
// Creation runs inside the writer's transaction under an advisory lock, so concurrent writers (other
// processes included) never race on the same partition; each process remembers what exists.
import type { Db } from '../../core/db.ts';

// Arbitrary constant naming the lock that serializes partition creation.
const PARTITION_LOCK = 727_274_065;

/** [start, end) of the UTC calendar month holding a Unix time, and the partition's name. */
export function monthOf(t: number): { name: string; start: number; end: number } {
  const d = new Date(t * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const start = Date.UTC(y, m, 1) / 1000;
  const end = Date.UTC(y, m + 1, 1) / 1000;
  return { name: `meter_event_segments_y${y}m${String(m + 1).padStart(2, '0')}`, start, end };
}

export class EventPartitions {
  private readonly known = new Set<string>();

  /** Makes sure every month these times fall in has its partition (in the caller's transaction). */
  async ensure(db: Db, times: Iterable<number>): Promise<void> {
    const months = new Map<string, { start: number; end: number }>();
    for (const t of times) {
      const m = monthOf(t);
      if (!this.known.has(m.name) && !months.has(m.name)) months.set(m.name, m);
    }
    if (!months.size) return;
    await db.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    const existing = new Set(
      (await db.query(`SELECT relname FROM pg_class WHERE relname = ANY($1)`, [[...months.keys()]])).map((r) => r.relname as string),
    );
    for (const [name, m] of months) {
      if (!existing.has(name))
        await db.query(`CREATE TABLE ${name} PARTITION OF meter_event_segments FOR VALUES FROM (${m.start}) TO (${m.end})`);
    }
    // Remembered only once the transaction that created them has committed would be stricter; a
    // rolled-back creation is found missing again by the catalog check on the next attempt.
    for (const name of months.keys()) if (existing.has(name)) this.known.add(name);
  }
}
