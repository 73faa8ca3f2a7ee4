// The boundary to whoever moves the money: a card processor charges a payment method. The
// context carries one (payments/ has the built-in test processor; cli/ wires a real one), so the
// interface sits here, below every layer that uses it.
//
// Gateways are called outside any database transaction (payments/attempt-protocol.ts): a charge
// is asked for under an idempotency key derived from a committed payment attempt's id, so asking
// again under the same key — after a timeout or a crash — returns the first outcome and never
// charges twice.
import type Stripe from 'stripe';

export interface ChargeRequest {
  amount: number;
  currency: string;
  paymentMethod: Stripe.PaymentMethod;
  customerId: string | null;
  description: string | null;
  /** Derived from the attempt's own id: the same attempt asked twice is charged once. */
  idempotencyKey: string;
  /**
   * The customer completed the card's authentication (3-D Secure) for this payment on the page
   * Recur served them; without it a card that requires authentication answers requires_action.
   */
  authenticated?: boolean;
}

export interface GatewayFailure {
  status: 'failed';
  code: string;
  decline_code?: string;
  message: string;
}

/** The card needs its holder's authentication (3-D Secure) first: nothing was charged or held. */
export interface GatewayActionRequired {
  status: 'requires_action';
}

export type GatewayResult = { status: 'succeeded' } | GatewayActionRequired | GatewayFailure;

/** Capturing (part of) an authorization made by `authorize` under `chargeKey`. */
export interface CaptureRequest {
  chargeKey: string;
  amount: number;
  currency: string;
  /** Derived from the intent's capture: asking twice captures once. */
  idempotencyKey: string;
}

/** Releasing an authorization made by `authorize` under `chargeKey` (nothing is captured). */
export interface CancelRequest {
  chargeKey: string;
  idempotencyKey: string;
}

export type CaptureResult = { status: 'succeeded' } | GatewayFailure;
export type CancelResult = { status: 'canceled' } | GatewayFailure;

/**
 * A chargeback the processor reports on one of its charges, named by the key the charge was made
 * under. Recur opens it `openedAfter` seconds after the charge, on the customer's clock.
 */
export interface GatewayDispute {
  chargeKey: string;
  amount: number;
  reason: string;
  openedAfter: number;
}

export interface RefundRequest {
  /** The key the refunded charge was made under: it names the charge at the processor. */
  chargeKey: string;
  amount: number;
  currency: string;
  /** The card charged (a processor may decide the refund's course by it). */
  paymentMethod: Stripe.PaymentMethod | null;
  /** Derived from the refund's own id: the same refund asked twice is made once. */
  idempotencyKey: string;
}

/** A refund succeeds at once (cards), stays pending at the processor, or fails. */
export type RefundResult = { status: 'succeeded' } | { status: 'pending' } | { status: 'failed'; failure_reason: string };

export interface PaymentGateway {
  /**
   * Charges once per idempotency key: a key already charged returns its recorded outcome. A
   * thrown error (a timeout, a lost connection) means the outcome is unknown: the charge may or
   * may not have happened, and the caller asks again under the same key later.
   */
  charge(req: ChargeRequest): Promise<GatewayResult>;
  /**
   * The outcome of an earlier charge under this key, or null when the gateway never charged
   * under it. Gateways without it are asked by repeating the charge with the same key.
   */
  retrieve?(idempotencyKey: string): Promise<GatewayResult | null>;
  /**
   * Validates a card as it is attached to a customer (a zero-amount authorization). Gateways
   * that cannot do this leave it out and every card attaches.
   */
  verify?(req: { paymentMethod: Stripe.PaymentMethod; customerId: string }): Promise<GatewayResult & { param?: string }>;
  /**
   * Gives money of a charge back, once per idempotency key (asking again returns the first
   * outcome). Like charge, a thrown error means the outcome is unknown. Gateways without it
   * cannot refund: creating a refund then fails without changing anything.
   */
  refund?(req: RefundRequest): Promise<RefundResult>;
  /** Stops a pending refund (true) or says it can no longer be stopped (false). */
  cancelRefund?(idempotencyKey: string): Promise<boolean>;
  /**
   * Authorizes without capturing (PaymentIntents with capture_method manual): the amount is held
   * on the card under the idempotency key until captured or canceled. Same contract as charge.
   * Gateways without it cannot take manual-capture payments (confirming one is refused).
   */
  authorize?(req: ChargeRequest): Promise<GatewayResult>;
  /** Captures up to the authorized amount once per idempotency key; the rest is released. */
  capture?(req: CaptureRequest): Promise<CaptureResult>;
  /** Releases an authorization once per idempotency key. */
  cancel?(req: CancelRequest): Promise<CancelResult>;
  /**
   * How disputes come back: after a charge succeeds Recur asks for the disputes the processor
   * knows on it, and opens each `openedAfter` seconds after the charge on the customer's clock (the
   * engine does, as due work). A connector whose processor reports disputes by webhook answers
   * from what it received.
   */
  disputesOf?(chargeKey: string): Promise<GatewayDispute[]>;
}
