// Refund part or all of what an invoice's payment collected: an amount (what is left by default)
// and a reason, sent as POST /v1/refunds on the payment intent.
import { useState } from 'react';
import { Button, Select, Stack, Text, TextInput } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { money, toMinor } from '../../shared/format.ts';
import { useAction } from '../../shared/use-action.ts';
import { FormError } from '../../shared/ui.tsx';
import { api } from '../session.tsx';

export const REFUND_REASONS = [
  { value: 'requested_by_customer', label: 'Requested by customer' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'fraudulent', label: 'Fraudulent' },
];

export function RefundDialog({ paymentIntent, refundable, currency, onDone }: { paymentIntent: string; refundable: number; currency: string; onDone(): void }) {
  const exp = currency.toLowerCase();
  const [amount, setAmount] = useState(money(refundable, currency).replace(/[^\d.]/g, ''));
  const [reason, setReason] = useState<string | null>('requested_by_customer');
  const { busy, error, run, refuse } = useAction();
  const submit = () => {
    const minor = toMinor(amount, exp);
    if (minor === null || minor <= 0) return refuse('amount', `Enter an amount in ${currency.toUpperCase()}, e.g. 12.50.`);
    return run(async () => {
      await api.post('/v1/refunds', { payment_intent: paymentIntent, amount: minor, reason: reason ?? undefined });
      onDone();
    });
  };
  const err = (p: string) => fieldError(error, p);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Up to {money(refundable, currency)} can still be refunded to the card.
      </Text>
      <TextInput label={`Refund amount (${currency.toUpperCase()})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={err('amount')} data-autofocus />
      <Select label="Refund reason" data={REFUND_REASONS} value={reason} onChange={setReason} error={err('reason')} clearable />
      <FormError error={error} fields={['amount', 'reason']} title="The refund was refused" />
      <Button onClick={submit} loading={busy}>
        Refund
      </Button>
    </Stack>
  );
}
