// The built-in processor for test mode: a card behaves as Stripe's test card with the same
// number (recognized by fingerprint); any other card succeeds. It keeps a ledger of charges by
// idempotency key (a key is charged once), and tests can make it misbehave the way real
// processors do: time out before or after charging, fail after charging, or pause around a charge.
import type Stripe from 'stripe';
import type { ChargeRequest, GatewayResult, PaymentGateway } from './payment-gateway.ts';
import { memoryLedger, type ChargeLedger } from './charge-ledger.ts';
import { testCardByFingerprint, type CardFailure } from './test-cards.ts';

const fail = (f: CardFailure) => ({
  status: 'failed' as const,
  code: f.code,
  ...(f.decline_code ? { decline_code: f.decline_code } : {}),
  message: f.message,
  ...(f.param ? { param: f.param } : {}),
});

const testCardOf = (pm: Stripe.PaymentMethod) => testCardByFingerprint(pm.card?.fingerprint);

/** The outcome the card itself decides. */
function decide(pm: Stripe.PaymentMethod): GatewayResult {
  const card = testCardOf(pm);
  const failure = card?.declines ?? card?.chargeFails;
  return failure ? fail(failure) : { status: 'succeeded' };
}

/**
 * Misbehaviour for the next charges: a timeout before the processor charged (nothing happened),
 * a timeout after it charged, or an error after it charged (the money moved; the caller sees an
 * error either way).
 */
export type ChargeFault = 'timeout_before_charge' | 'timeout_after_charge' | 'fail_after_charge';

export class GatewayTimeout extends Error {
  constructor(key: string) {
    super(`The test processor timed out (idempotency key ${key}).`);
  }
}

export type PausePoint = 'before_charge' | 'after_charge';

export interface Pause {
  /** Settles with the idempotency key once a charge reaches the point. */
  reached: Promise<string>;
  /** Lets the paused charge go on. */
  release(): void;
}

export interface TestCardProcessor extends PaymentGateway {
  readonly ledger: ChargeLedger;
  /** Makes the next `times` charges misbehave. */
  inject(fault: ChargeFault, times?: number): void;
  /** Holds the next charge at this point until released (a test can stop between phases). */
  pause(at: PausePoint): Pause;
}

export function createTestCardProcessor(opts: { ledger?: ChargeLedger } = {}): TestCardProcessor {
  const ledger = opts.ledger ?? memoryLedger();
  const faults: ChargeFault[] = [];
  const pauses = new Map<PausePoint, { arrive(key: string): void; gate: Promise<void> }>();

  const wait = async (at: PausePoint, key: string) => {
    const p = pauses.get(at);
    if (!p) return;
    pauses.delete(at);
    p.arrive(key);
    await p.gate;
  };

  return {
    ledger,
    inject(fault, times = 1) {
      for (let k = 0; k < times; k++) faults.push(fault);
    },
    pause(at) {
      let arrive!: (key: string) => void;
      let release!: () => void;
      const reached = new Promise<string>((ok) => (arrive = ok));
      const gate = new Promise<void>((ok) => (release = ok));
      pauses.set(at, { arrive, gate });
      return { reached, release };
    },
    async charge(req: ChargeRequest) {
      const fault = faults.shift();
      await wait('before_charge', req.idempotencyKey);
      if (fault === 'timeout_before_charge') throw new GatewayTimeout(req.idempotencyKey);
      const { entry } = await ledger.record({
        idempotencyKey: req.idempotencyKey,
        amount: req.amount,
        currency: req.currency,
        paymentMethodId: req.paymentMethod.id,
        result: decide(req.paymentMethod),
      });
      await wait('after_charge', req.idempotencyKey);
      if (fault === 'timeout_after_charge') throw new GatewayTimeout(req.idempotencyKey);
      if (fault === 'fail_after_charge') throw new Error(`The test processor failed after charging (idempotency key ${req.idempotencyKey}).`);
      return entry.result;
    },
    async retrieve(key) {
      return (await ledger.find(key))?.result ?? null;
    },
    async verify({ paymentMethod }) {
      const failure = testCardOf(paymentMethod)?.declines;
      return failure ? fail(failure) : { status: 'succeeded' };
    },
  };
}

/** A processor with an in-memory ledger, for contexts composed without one. */
export const testCardProcessor: TestCardProcessor = createTestCardProcessor();
