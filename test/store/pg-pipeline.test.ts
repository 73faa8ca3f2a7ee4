// The pipelined transaction on PostgreSQL: enqueued writes run in order before the next query, a
// failed one is reported (as itself) by the next query, and only to the query it was sent with, and
// a rollback drops what it would undo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/recur.ts';
import { PgDb } from '../../src/store/db.ts';

let db: PgDb;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = PgDb.connect(t.url, 2);
  await db.query('CREATE TABLE t (seq bigserial, id text PRIMARY KEY, n int NOT NULL)');
  await db.query('CREATE TABLE u (id text PRIMARY KEY)');
});
afterAll(async () => {
  await db.close();
  await drop();
});

describe('pipelined transactions', () => {
  it('runs enqueued writes in order, merged where they can be, before the next query and the commit', async () => {
    await db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) tx.enqueue!('INSERT INTO t (id, n) VALUES ($1, $2)', [`a${i}`, i]);
      tx.enqueue!('INSERT INTO u (id) VALUES ($1)', ['u1']);
      const seen = await tx.query('SELECT id FROM t ORDER BY seq');
      expect(seen.map((r) => r.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
      tx.enqueue!('INSERT INTO t (id, n) VALUES ($1, $2)', ['a5', 5]);
    });
    expect((await db.query('SELECT id FROM t ORDER BY seq')).map((r) => r.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
    expect(await db.query('SELECT id FROM u')).toEqual([{ id: 'u1' }]);
  });

  it('reports a failed write as itself and rolls everything back', async () => {
    const e = await db
      .transaction(async (tx) => {
        tx.enqueue!('INSERT INTO u (id) VALUES ($1)', ['u2']);
        tx.enqueue!('INSERT INTO t (id, n) VALUES ($1, $2)', ['a0', 0]); // duplicate key
        await tx.query('SELECT 1');
      })
      .catch((x) => x);
    expect(e.code).toBe('23505');
    expect(await db.query("SELECT id FROM u WHERE id = 'u2'")).toEqual([]);
    // A failure found only at the commit rolls back too, and the connection stays usable.
    const atCommit = await db.transaction(async (tx) => tx.enqueue!('INSERT INTO t (id, n) VALUES ($1, NULL)', ['bad'])).catch((x) => x);
    expect(atCommit.code).toBe('23502');
    for (let i = 0; i < 4; i++) expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('gives each of two queries issued at once the outcome of its own writes', async () => {
    const outcomes = await db
      .transaction(async (tx) => {
        tx.enqueue!('INSERT INTO u (id) VALUES ($1)', ['mine']);
        const first = tx.query('SELECT 1 AS one');
        tx.enqueue!('INSERT INTO t (id, n) VALUES ($1, $2)', ['a0', 0]); // duplicate key
        const second = tx.query('SELECT 2 AS two');
        const settled = await Promise.allSettled([first, second]);
        // Leave the failed transaction so that nothing of it is committed.
        throw Object.assign(new Error('leave'), { settled });
      })
      .catch((e) => e.settled as PromiseSettledResult<unknown>[]);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: [{ one: 1 }] });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
    expect(await db.query("SELECT id FROM u WHERE id = 'mine'")).toEqual([]);
  });

  it('drops what a rollback to a savepoint undoes, failures included', async () => {
    await db.transaction(async (tx) => {
      tx.enqueue!('INSERT INTO u (id) VALUES ($1)', ['kept']);
      await tx.query('SAVEPOINT s');
      tx.enqueue!('INSERT INTO t (id, n) VALUES ($1, NULL)', ['bad']);
      await expect(tx.query('SELECT 1')).rejects.toMatchObject({ code: '23502' });
      tx.enqueue!('INSERT INTO u (id) VALUES ($1)', ['undone']);
      await tx.query('ROLLBACK TO SAVEPOINT s');
      tx.enqueue!('INSERT INTO u (id) VALUES ($1)', ['after']);
    });
    expect((await db.query("SELECT id FROM u WHERE id IN ('kept', 'undone', 'after') ORDER BY id")).map((r) => r.id)).toEqual(['after', 'kept']);
  });
});
