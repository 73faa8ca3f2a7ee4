// A card form (test mode): number, expiry and CVC, with errors next to the field they concern.
import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { fieldError } from './api.ts';

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
