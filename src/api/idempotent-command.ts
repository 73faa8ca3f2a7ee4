// Runs a POST's command under its Idempotency-Key: the key is claimed before the command runs, a
// replay gets the stored answer without running it, and a concurrent duplicate waits for the first.
import type { Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';
import { conflict } from '../core/errors.ts';
import {
  claimInProgress,
  claimInTransaction,
  isKeyTaken,
  releaseClaim,
  storeResponse,
  storeResponseIfAbsent,
  type KeyRef,
} from '../store/idempotency-keys.ts';
import { toApiError } from './api-error.ts';
import { httpStatusOf } from './http-status.ts';

/** What a POST answers: its status and JSON body, and whether that is a stored answer replayed. */
export interface Answer {
  status: number;
  body: string;
  replayed: boolean;
}

/** The command itself: runs on the database it is given and returns the JSON body of its answer. */
export type Command = (db: Db) => Promise<string>;

/** Thrown inside a transaction to leave it (nothing written) when the key's command runs elsewhere. */
class InProgress extends Error {}

/** How often a duplicate polls a command in progress (up to 500 ms apart: about ten minutes). */
const MAX_WAITS = 1250;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const replayOf = (stored: { status: number; body: string }): Answer => ({ ...stored, replayed: true });

export function commandRunner(db: Db, clock: Clock) {
  /** The key is claimed in the command's own transaction (pipelined with BEGIN), before the command runs. */
  async function inTransaction(ref: KeyRef | null, command: Command, waited = 0): Promise<Answer> {
    try {
      return await db.transaction(async (tx) => {
        const claim = ref ? await claimInTransaction(tx, ref, clock.now()) : null;
        if (claim?.state === 'stored') return replayOf(claim);
        if (claim?.state === 'in_progress') throw new InProgress();
        const body = await command(tx);
        // Enqueued: it travels with the COMMIT.
        if (ref && claim?.state === 'claimed') await storeResponse(tx, ref, { status: 200, body }, clock.now(), claim.replaces);
        return { status: 200, body, replayed: false };
      });
    } catch (e) {
      if (e instanceof InProgress) return wait(ref!, waited, (n) => inTransaction(ref, command, n));
      // Another request stored the key just before this one locked it: everything was rolled back, and
      // claiming again finds its answer.
      if (ref && isKeyTaken(e)) return inTransaction(ref, command, waited);
      // Everything the command did was rolled back, and with it the claim, so a corrected retry can
      // run. A declined card is an answer, not a failure to run: as Stripe does, a replay gets the 402.
      // (A duplicate that was waiting on the key may run between the rollback and this write.)
      const apiError = toApiError(e);
      if (ref && apiError.kind === 'card_declined')
        await storeResponseIfAbsent(db, ref, { status: 402, body: JSON.stringify({ error: apiError.body }) }, clock.now());
      throw e;
    }
  }

  /**
   * Commands that commit in several transactions (they call out to a gateway) claim the key in a
   * committed row marked in progress; a duplicate polls until that row holds the answer.
   */
  async function outsideTransaction(ref: KeyRef | null, command: Command, waited = 0): Promise<Answer> {
    if (!ref) return { status: 200, body: await command(db), replayed: false };
    let claim;
    try {
      claim = await claimInProgress(db, ref, clock.now());
    } catch (e) {
      if (isKeyTaken(e)) return outsideTransaction(ref, command, waited);
      throw e;
    }
    if (claim.state === 'stored') return replayOf(claim);
    if (claim.state === 'in_progress') return wait(ref, waited, (n) => outsideTransaction(ref, command, n));
    let body: string;
    try {
      body = await command(db);
    } catch (e) {
      const apiError = toApiError(e);
      const status = httpStatusOf(apiError);
      // As Stripe does: a decline, or a failure after the command began to change things, is its
      // answer from now on. A 400 or 404 changed nothing, so the key is freed for a corrected retry.
      if (apiError.kind === 'card_declined' || status >= 500)
        await storeResponse(db, ref, { status, body: JSON.stringify({ error: apiError.body }) }, clock.now(), true);
      else await releaseClaim(db, ref);
      throw e;
    }
    await storeResponse(db, ref, { status: 200, body }, clock.now(), true);
    return { status: 200, body, replayed: false };
  }

  /** Polls, holding no connection, until the request that holds the key has answered. */
  async function wait(ref: KeyRef, waited: number, retry: (waited: number) => Promise<Answer>): Promise<Answer> {
    if (waited >= MAX_WAITS) throw conflict(`A request with the Idempotency-Key '${ref.key}' is still in progress; retry later.`);
    await sleep(Math.min(25 * (waited + 1), 500));
    return retry(waited + 1);
  }

  return { inTransaction, outsideTransaction };
}
