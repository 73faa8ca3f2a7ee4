// The gateway as payments/ uses it: the interface (declared in core, where the context carries it)
// and the processor a context has.
export type { ChargeRequest, GatewayFailure, GatewayResult, PaymentGateway, RefundRequest, RefundResult, CaptureRequest, CaptureResult, CancelRequest, CancelResult, GatewayDispute } from '../core/gateway.ts';
import type { ServiceContext } from '../core/context.ts';
import type { PaymentGateway } from '../core/gateway.ts';

export const gatewayOf = (ctx: Pick<ServiceContext, 'gateway'>): PaymentGateway => ctx.gateway;
