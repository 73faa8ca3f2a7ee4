// The one seam between Recur and where usage events live: ingestion, adjustments and aggregation.
// The PostgreSQL implementation (store/usage/) ships; a columnar engine for raw events would be
// another implementation behind the same interface, with the invoiced aggregates staying in PostgreSQL.
import type { Db } from './db.ts';

/** An event already checked against its meter and customer: what the store keeps. */
export interface UsageEvent {
  identifier: string;
  meterId: string;
  customerId: string;
  /** Unix seconds. */
  timestamp: number;
  value: number;
}

/** What a meter aggregates over a span: every formula is answered from these. */
export interface UsageParts {
  sum: number;
  count: number;
  /** The latest event's value (by timestamp, then identifier; for pre-aggregated spans the latest window's), null when there is none. */
  last: number | null;
  lastTime: number | null;
  lastIdentifier: string | null;
}

export interface UsageSpan {
  meterId: string;
  customerId: string;
  /** Half-open [start, end), Unix seconds. */
  start: number;
  end: number;
  /**
   * Seconds of the meter's event_time_window when its events are pre-aggregated (null or absent:
   * raw events). Then only complete windows count, each by its most recently received event
   * (domain/usage/pre-aggregation.ts).
   */
  window?: number | null;
}

export interface CanceledEvent {
  identifier: string;
  meterId: string;
  customerId: string;
  timestamp: number;
}

export interface FoldResult {
  /** Ingested batches folded (0: nothing was waiting). */
  batches: number;
  events: number;
  /** Events that counted: the rest re-used an identifier seen within 24 hours. */
  counted: number;
}

export interface UsageStore {
  /**
   * Records a batch in the caller's transaction, so it is durable when that commits (`now` is its
   * arrival). Only appended: de-duplication and aggregation happen when it is folded, and every
   * read below folds what is waiting first, so an acknowledged event is never missed or counted twice.
   */
  ingest(db: Db, events: UsageEvent[], now: number): Promise<void>;
  /**
   * Folds waiting batches, oldest first, at most `limit` of them: an identifier seen within 24 hours
   * of an earlier counted arrival is dropped, the rest are kept and added to their hours. With
   * `skipIfBusy`, returns at once (nothing folded) while another process is folding.
   */
  fold(db: Db, opts?: { limit?: number; skipIfBusy?: boolean }): Promise<FoldResult>;
  /** Cancels an event by identifier; null when no counted event has it. */
  cancel(db: Db, identifier: string): Promise<CanceledEvent | null>;
  /** Usage parts of each span, in order. */
  aggregate(db: Db, spans: UsageSpan[]): Promise<UsageParts[]>;
  /** Usage parts per window of `grouping` seconds (hour or day, aligned to UTC) over [start, end). */
  summarize(db: Db, span: UsageSpan, grouping: number): Promise<Array<{ start: number; end: number; parts: UsageParts }>>;
  /** Deletes every event and aggregate of these customers (their test clock was deleted). */
  forgetCustomers(db: Db, customerIds: string[]): Promise<void>;
}
