// What the customer is told when money goes back to them.
import type Stripe from 'stripe';
import type { EmailContent } from './email-message.ts';
import { formatMoney } from './format.ts';

/**
 * `refunded` is the amount of this refund: the rise of amount_refunded over its previous value
 * when the event carries it, else the whole amount refunded so far.
 */
export function refundIssued(charge: Stripe.Charge, refunded: number, account: string): EmailContent {
  const amount = formatMoney(refunded, charge.currency);
  const card = charge.payment_method_details?.card;
  const to = card?.last4 ? `your ${card.brand ?? 'card'} ending in ${card.last4}` : 'your original payment method';
  return {
    message: 'refund_issued',
    subject: `${account} refunded ${amount}`,
    paragraphs: [`${account} issued a refund of ${amount} to ${to}.`, 'It can take 5 to 10 business days to appear on your statement.'],
    details: [
      ['Amount refunded', amount],
      ...(refunded !== charge.amount_refunded ? [['Total refunded', formatMoney(charge.amount_refunded, charge.currency)] as [string, string]] : []),
      ['Original charge', formatMoney(charge.amount, charge.currency)],
    ],
  };
}
