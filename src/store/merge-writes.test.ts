import { describe, expect, it } from 'vitest';
import { mergeWrites } from './merge-writes.ts';

describe('mergeWrites', () => {
  it('merges consecutive plain INSERTs into one statement, renumbering placeholders', () => {
    const merged = mergeWrites([
      { sql: 'BEGIN', params: [] },
      { sql: 'INSERT INTO customers (id, created, data) VALUES ($1, $2, $3)', params: ['cus_1', 10, '{}'] },
      { sql: 'INSERT INTO events (id, data) VALUES ($1, $2)', params: ['evt_1', '{}'] },
      { sql: 'INSERT INTO idempotency_keys (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', params: ['k'] },
      { sql: 'INSERT INTO x (a) VALUES ($1) RETURNING a', params: [1] },
    ]);
    expect(merged).toEqual([
      { sql: 'BEGIN', params: [] },
      {
        sql: 'WITH w0 AS (INSERT INTO customers (id, created, data) VALUES ($1, $2, $3)), w1 AS (INSERT INTO events (id, data) VALUES ($4, $5)) INSERT INTO idempotency_keys (key) VALUES ($6) ON CONFLICT (key) DO NOTHING',
        params: ['cus_1', 10, '{}', 'evt_1', '{}', 'k'],
      },
      { sql: 'INSERT INTO x (a) VALUES ($1) RETURNING a', params: [1] },
    ]);
  });

  it('starts a new statement when a table repeats, so its rows keep their order', () => {
    const e = (id: string) => ({ sql: 'INSERT INTO events (id) VALUES ($1)', params: [id] });
    const c = { sql: 'INSERT INTO customers (id) VALUES ($1)', params: ['cus_1'] };
    const merged = mergeWrites([c, e('evt_1'), e('evt_2'), e('evt_3')]);
    expect(merged.map((w) => w.params)).toEqual([['cus_1', 'evt_1'], ['evt_2'], ['evt_3']]);
  });

  it('leaves a lone write and non-inserts as they are', () => {
    const writes = [
      { sql: 'UPDATE a SET b = $1', params: [1] },
      { sql: 'INSERT INTO c (d) VALUES ($1)', params: [2] },
      { sql: 'DELETE FROM e', params: [] },
    ];
    expect(mergeWrites(writes)).toEqual(writes);
  });
});
