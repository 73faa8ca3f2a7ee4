// The boundary to whoever moves the money: a card processor charges a payment method.
// Recur ships a test processor; a deployment registers a real one as `services.gateway`.
import type Stripe from 'stripe';
import type { ServiceContext } from '../api/route.ts';
import { testCardProcessor } from './test-card-processor.ts';

export interface ChargeRequest {
  amount: number;
  currency: string;
  paymentMethod: Stripe.PaymentMethod;
  customerId: string | null;
  description: string | null;
  idempotencyKey?: string;
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

declare module '../api/route.ts' {
  interface AppServices {
    gateway?: PaymentGateway;
  }
}

export function gatewayOf(ctx: Pick<ServiceContext, 'services'>): PaymentGateway {
  return ctx.services.gateway ?? testCardProcessor;
}
