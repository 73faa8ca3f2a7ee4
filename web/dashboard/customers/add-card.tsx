// Adds a test card to a customer and makes it the default for invoices (test mode: card numbers
// such as 4242 4242 4242 4242 or tokens such as pm_card_visa).
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import type { Client } from '../../shared/api.ts';
import { fieldError } from '../../shared/api.ts';
import { api as dashboardApi } from '../session.tsx';

export function CardForm({ onSubmit, submitLabel }: { onSubmit(card: { number: string; exp_month: number; exp_year: number; cvc: string }): Promise<void>; submitLabel: string }) {
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = /^(\d{1,2})\s*\/\s*(\d{2,4})$/.exec(expiry.trim());
    if (!m) return setError({ param: 'expiry', message: 'Enter the expiry as MM/YY.' });
    setBusy(true);
    setError(undefined);
    try {
      const year = Number(m[2]);
      await onSubmit({ number: number.replace(/\s+/g, ''), exp_month: Number(m[1]), exp_year: year < 100 ? 2000 + year : year, cvc });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const err = error as any;
  const general = err && !(err.param ?? err.error?.param) ? err.message : undefined;
  const numberError = fieldError(error, 'card[number]') ?? fieldError(error, 'card') ?? (err?.error?.type === 'card_error' ? err.message : undefined);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {general && !numberError ? (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        ) : null}
        <TextInput label="Card number" inputMode="numeric" autoComplete="cc-number" value={number} onChange={(e) => setNumber(e.currentTarget.value)} error={numberError} />
        <Group grow>
          <TextInput label="Expiry (MM/YY)" autoComplete="cc-exp" value={expiry} onChange={(e) => setExpiry(e.currentTarget.value)} error={err?.param === 'expiry' ? err.message : fieldError(error, 'card[exp_month]') ?? fieldError(error, 'card[exp_year]')} />
          <TextInput label="CVC" inputMode="numeric" autoComplete="cc-csc" value={cvc} onChange={(e) => setCvc(e.currentTarget.value)} error={fieldError(error, 'card[cvc]')} />
        </Group>
        <Text size="xs" c="dimmed">
          Test mode: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined.
        </Text>
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

/** Creates the card, attaches it and makes it the customer's default, through /v1. */
export async function addDefaultCard(api: Client, customer: string, card: { number: string; exp_month: number; exp_year: number; cvc: string }) {
  const pm = await api.post('/v1/payment_methods', { type: 'card', card });
  await api.post(`/v1/payment_methods/${pm.id}/attach`, { customer });
  await api.post(`/v1/customers/${customer}`, { invoice_settings: { default_payment_method: pm.id } });
  return pm;
}

export function AddCard({ customer, onAdded }: { customer: string; onAdded(): void }) {
  return (
    <CardForm
      submitLabel="Save card"
      onSubmit={async (card) => {
        await addDefaultCard(dashboardApi, customer, card);
        onAdded();
      }}
    />
  );
}
