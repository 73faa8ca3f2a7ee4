// The subscription state machine's moves live in the domain; services reach them here.
export { canMove, ENDED, withStatus } from '../../domain/subscriptions/subscription-status.ts';
