// Attempts begun inside a transaction whose owner runs phases 2 and 3 after it commits. The owner
// (the engine for a batch of due work, a service wrapping a command) registers the transaction;
// code deep inside (finalizing an invoice, a retry) records its attempts without calling out.
// Held beside the transaction like deferred events: a savepoint rolled back drops its attempts.
import type { ChargeAttempt } from './attempt-protocol.ts';

const deferred = new WeakMap<object, ChargeAttempt[]>();

export interface DeferredAttempts {
  mark(): number;
  rollbackTo(mark: number): void;
  /** The attempts recorded so far; the registration ends (call after the transaction commits). */
  take(): ChargeAttempt[];
}

export function deferPaymentAttempts(tx: object): DeferredAttempts {
  const list: ChargeAttempt[] = [];
  deferred.set(tx, list);
  return {
    mark: () => list.length,
    rollbackTo: (mark) => void list.splice(mark),
    take: () => {
      deferred.delete(tx);
      return list;
    },
  };
}

/** Hands attempts to the transaction's owner; false when nobody registered the transaction. */
export function deferAttempts(tx: object, attempts: ChargeAttempt[]): boolean {
  const list = deferred.get(tx);
  if (!list) return false;
  list.push(...attempts);
  return true;
}
