// The database as every layer sees it: SQL with parameters, and transactions. store/ implements it
// over node-postgres and PGlite.
export type Row = Record<string, any>;

export interface Db {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn in one transaction; nested calls reuse the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  readonly inTransaction: boolean;
  close(): Promise<void>;
}
