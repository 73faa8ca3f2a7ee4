// A manual credit or debit to a customer's balance (a customer balance transaction). A customer's
// currency is never a customer parameter in Stripe's API; a balance transaction gives a customer
// without one its currency, so this is where the dashboard chooses it.
import { useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { CURRENCIES, toMinor } from '../../shared/format.ts';
import { useAction } from '../../shared/use-action.ts';
import { ErrorAlert } from '../../shared/ui.tsx';
import { api } from '../session.tsx';

export function BalanceAdjustment({ customer: c, onAdjusted }: { customer: any; onAdjusted(): void }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<'credit' | 'debit'>('credit');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<string>(c.currency ?? 'usd');
  const [description, setDescription] = useState('');
  const { busy, error, run } = useAction();
  // A balance in one currency cannot take a transaction in another.
  const fixedCurrency = !!c.currency && c.balance !== 0;
  if (!open)
    return (
      <Group justify="flex-end" mb="xs">
        <Button size="xs" variant="light" onClick={() => setOpen(true)}>
          Adjust balance
        </Button>
      </Group>
    );
  const save = () =>
    run(async () => {
      const minor = toMinor(amount, currency);
      // Credit lowers what the customer owes: a negative amount, as Stripe counts it.
      const signed = minor === null ? amount : kind === 'credit' ? -minor : minor;
      await api.post(`/v1/customers/${c.id}/balance_transactions`, { amount: signed, currency, ...(description ? { description } : {}) });
      setOpen(false);
      setAmount('');
      setDescription('');
      onAdjusted();
    });
  const named = (p: string) => fieldError(error, p);
  return (
    <Paper withBorder p="sm" mb="sm">
      <Stack gap="xs">
        <Group grow align="flex-start">
          <Select
            label="Adjustment"
            data={[
              { value: 'credit', label: 'Credit (the customer owes less)' },
              { value: 'debit', label: 'Debit (the customer owes more)' },
            ]}
            value={kind}
            onChange={(k) => setKind((k as 'credit' | 'debit') ?? 'credit')}
            allowDeselect={false}
          />
          <TextInput label="Amount" placeholder="25.00" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={named('amount')} />
          <Select
            label="Balance currency"
            data={CURRENCIES}
            value={currency}
            onChange={(x) => setCurrency(x ?? 'usd')}
            allowDeselect={false}
            disabled={fixedCurrency}
            error={named('currency')}
          />
        </Group>
        {!c.currency ? (
          <Text size="xs" c="dimmed">
            This customer has no currency yet: this adjustment sets it.
          </Text>
        ) : null}
        <TextInput label="Adjustment description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={named('description')} />
        <ErrorAlert error={error && !named('amount') && !named('currency') && !named('description') ? error : undefined} />
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button size="xs" onClick={save} loading={busy}>
            Save adjustment
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
