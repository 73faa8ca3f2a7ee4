// The database as every layer sees it: SQL with parameters, and transactions. store/ implements it
// over node-postgres and PGlite.
export type Row = Record<string, any>;

export interface Db {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn in one transaction; nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  readonly inTransaction: boolean;
  /**
   * In a transaction: sends a write whose rows nobody reads without waiting for its answer, so it
   * travels with whatever is sent next (pipelined). It runs before anything sent after it; its
   * failure is thrown by the next query or by the commit. Absent outside transactions.
   */
  enqueue?(sql: string, params?: unknown[]): void;
  close(): Promise<void>;
}
