// Folding: turns acknowledged batches (meter_event_batches) into counted usage (segments), set-based
// and in chunks. One folder at a time (an advisory lock), in arrival order; a chunk spans less than 24
// hours of arrivals, so within it an identifier counts at most once: its first arrival that no
// counted arrival of the previous 24 hours precedes. The batches are deleted in the same
// transaction that counts them, so a crash at any point leaves each event waiting or counted, once.
import type { Db } from '../../core/db.ts';
import type { FoldResult } from '../../core/usage-store.ts';
import { EventPartitions } from './event-partitions.ts';

const HOUR = 3600;
export const DEDUP_WINDOW = 24 * HOUR;
// Arbitrary constant naming the lock that makes folding (and cancelling) one at a time.
const FOLD_LOCK = 727_274_066;
/** An event's arrival number is its batch's sequence times this, plus its place in the batch. */
export const ARRIVALS_PER_BATCH = 2 ** 20;
/** Batches one fold takes by default (the stream's batches hold up to 10,000 events). */
export const FOLD_BATCHES = 20;

// The oldest waiting batches, up to a limit, and no more than a day of arrivals.
export const CHUNK_SQL = `
WITH chunk AS (
  SELECT seq, months FROM meter_event_batches
   WHERE created < (SELECT min(created) FROM meter_event_batches) + ${DEDUP_WINDOW}
   ORDER BY seq LIMIT $1
)
SELECT (SELECT coalesce(array_agg(seq), '{}') FROM chunk) AS seqs, (SELECT array_agg(DISTINCT m) FROM chunk, unnest(chunk.months) m) AS months`;

// One statement per chunk: unpack the batches (deleting them); keep each identifier's first arrival
// that is new or whose counted arrival is over 24 hours older (probed in identifier order, one index
// look-up each); claim those identifiers (a plain insert: only the folder writes them, under its
// lock); append the counted events as one segment per meter, customer and hour.
export const FOLD_SQL = `
WITH taken AS (
  DELETE FROM meter_event_batches WHERE seq = ANY($1::bigint[])
  RETURNING seq, created, identifiers, meter_ids, customer_ids, event_times, event_values
), input AS (
  SELECT t.seq, e.n, t.seq * ${ARRIVALS_PER_BATCH} + e.n AS arrival, t.created, e.identifier COLLATE "C" AS identifier, e.meter_id COLLATE "C" AS meter_id,
         e.customer_id COLLATE "C" AS customer_id, e.event_time::bigint AS event_time, e.value::bigint AS value
    FROM taken t,
         ROWS FROM (json_array_elements_text(t.identifiers::json), json_array_elements_text(t.meter_ids::json),
                    json_array_elements_text(t.customer_ids::json), json_array_elements_text(t.event_times::json),
                    json_array_elements_text(t.event_values::json)) WITH ORDINALITY AS e(identifier, meter_id, customer_id, event_time, value, n)
), firsts AS (
  SELECT DISTINCT ON (i.identifier) i.*, k.created AS counted_at
    FROM (SELECT * FROM input ORDER BY identifier, seq, n) i
    LEFT JOIN LATERAL (SELECT k.created FROM meter_event_identifiers k WHERE k.identifier = i.identifier LIMIT 1) k ON true
   WHERE k.created IS NULL OR k.created <= i.created - ${DEDUP_WINDOW}
   ORDER BY i.identifier, i.seq, i.n
), claimed AS (
  INSERT INTO meter_event_identifiers (identifier, created, meter_id, customer_id, event_time, value)
  SELECT identifier, created, meter_id, customer_id, event_time, value FROM firsts WHERE counted_at IS NULL
), renewed AS (
  UPDATE meter_event_identifiers k
     SET created = f.created, meter_id = f.meter_id, customer_id = f.customer_id, event_time = f.event_time, value = f.value, canceled = false
    FROM firsts f
   WHERE k.identifier = ANY (ARRAY(SELECT identifier FROM firsts WHERE counted_at IS NOT NULL)) AND k.identifier = f.identifier
), segments AS (
  -- One sort orders each hour's events latest first (the arrays keep that order), and one pass
  -- groups them into segments.
  INSERT INTO meter_event_segments (meter_id, customer_id, hour_start, value_sum, event_count, last_value, last_time, last_identifier, event_times, identifiers, event_values, arrivals)
  SELECT meter_id, customer_id, hour_start, s, c, vs[1], ts[1], ids[1], ts, ids, vs, arr
    FROM (SELECT meter_id, customer_id, hour_start, sum(value) AS s, count(*) AS c, array_agg(event_time) AS ts, array_agg(identifier) AS ids,
                 array_agg(value) AS vs, array_agg(arrival) AS arr
            FROM (SELECT *, event_time - event_time % ${HOUR} AS hour_start FROM firsts
                   ORDER BY customer_id, meter_id, hour_start, event_time DESC, identifier DESC) e
           GROUP BY customer_id, meter_id, hour_start) g
)
SELECT (SELECT count(*) FROM taken)::int AS batches, (SELECT count(*) FROM input)::int AS events, (SELECT count(*) FROM firsts)::int AS counted`;

const NOTHING: FoldResult = { batches: 0, events: 0, counted: 0 };

export class UsageFolder {
  private readonly partitions = new EventPartitions();

  /** Takes the fold lock for the rest of the caller's transaction: nothing is folded or cancelled meanwhile. */
  async lock(tx: Db): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [FOLD_LOCK]);
  }

  /**
   * Folds one chunk of at most `limit` batches (in the caller's transaction, or its own). With
   * `skipIfBusy` it does not wait for another folder: the background loops of several processes
   * then take turns instead of holding a connection each while they queue.
   */
  fold(db: Db, limit = FOLD_BATCHES, skipIfBusy = false): Promise<FoldResult> {
    return db.transaction(async (tx) => {
      if (!skipIfBusy) await this.lock(tx);
      else if (!(await tx.query('SELECT pg_try_advisory_xact_lock($1) AS got', [FOLD_LOCK]))[0].got) return NOTHING;
      const [chunk] = await tx.query(CHUNK_SQL, [limit]);
      const seqs = chunk.seqs as string[];
      if (!seqs.length) return NOTHING;
      await this.partitions.ensure(tx, (chunk.months as string[]).map(Number));
      // A chunk's sorts (by identifier, then by hour) fit in memory rather than spilling to disk;
      // the rest of a caller's transaction gets the usual setting back.
      await tx.query(`SET LOCAL work_mem = '256MB'`);
      const [r] = await tx.query(FOLD_SQL, [seqs]);
      await tx.query('SET LOCAL work_mem TO DEFAULT');
      return { batches: r.batches, events: r.events, counted: r.counted };
    });
  }

  /** Folds every batch acknowledged before this call: reads then see all of them. */
  async foldWaiting(db: Db): Promise<void> {
    const [{ last }] = await db.query('SELECT max(seq) AS last FROM meter_event_batches');
    if (last === null) return;
    // Batches that arrive meanwhile are left to the next read or the background fold.
    while ((await this.fold(db)).batches > 0) {
      const [{ first }] = await db.query('SELECT min(seq) AS first FROM meter_event_batches');
      if (first === null || Number(first) > Number(last)) return;
    }
  }
}
