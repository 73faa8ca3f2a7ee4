// The boundary to whoever moves the money: a card processor charges a payment method. The
// context carries one (payments/ has the built-in test processor; cli/ wires a real one), so the
// interface sits here, below every layer that uses it.
import type Stripe from 'stripe';

export interface ChargeRequest {
  amount: number;
  currency: string;
  paymentMethod: Stripe.PaymentMethod;
  customerId: string | null;
  description: string | null;
  /** Derived from the attempt's own id: the same attempt asked twice is charged once. */
  idempotencyKey: string;
}

export interface GatewayFailure {
  status: 'failed';
  code: string;
  decline_code?: string;
  message: string;
}

export type GatewayResult = { status: 'succeeded' } | GatewayFailure;

export interface PaymentGateway {
  charge(req: ChargeRequest): Promise<GatewayResult>;
  /**
   * Validates a card as it is attached to a customer (a zero-amount authorization). Gateways
   * that cannot do this leave it out and every card attaches.
   */
  verify?(req: { paymentMethod: Stripe.PaymentMethod; customerId: string }): Promise<GatewayResult & { param?: string }>;
}

