// Consecutive INSERTs whose rows nobody reads, merged into one statement (data-modifying CTEs), so a
// transaction's enqueued writes — an object, its event, the idempotency record — cost PostgreSQL one
// statement instead of three. Sibling CTEs run in one snapshot and foreign keys are checked at the end
// of the statement, so independent inserts (and a parent with its children) behave as in sequence.
// Sibling CTEs run in no set order, so a table appears once per merged statement: rows of one table
// (events above all) keep the order of their `seq`.

export interface Write {
  sql: string;
  params: unknown[];
}

const PLAIN_INSERT = /^\s*INSERT\s+INTO\s+([a-z_][a-z0-9_.]*)/i;
const MAX_MERGED = 8;

const mergeable = (w: Write) => PLAIN_INSERT.test(w.sql) && !/\bRETURNING\b/i.test(w.sql);

/** Renumbers `$n` placeholders by `offset` (our SQL has no `$` inside string literals). */
const shift = (sql: string, offset: number) => (offset ? sql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + offset}`) : sql);

export function mergeWrites(writes: Write[]): Write[] {
  const out: Write[] = [];
  let run: Write[] = [];
  const close = () => {
    if (run.length === 1) out.push(run[0]);
    else if (run.length > 1) {
      const params: unknown[] = [];
      const parts = run.map((w) => {
        const sql = shift(w.sql.trim(), params.length);
        params.push(...w.params);
        return sql;
      });
      const last = parts.pop()!;
      out.push({ sql: `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(', ')} ${last}`, params });
    }
    run = [];
  };
  const tableOf = (w: Write) => PLAIN_INSERT.exec(w.sql)![1].toLowerCase();
  for (const w of writes) {
    if (!mergeable(w)) {
      close();
      out.push(w);
      continue;
    }
    if (run.some((x) => tableOf(x) === tableOf(w))) close();
    run.push(w);
    if (run.length === MAX_MERGED) close();
  }
  close();
  return out;
}
