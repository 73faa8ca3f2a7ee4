// Invoice status changes are the domain's (through the invoice state machine).
export { withStatus } from '../../domain/billing/invoice-status-change.ts';
