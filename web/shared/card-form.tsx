// A card form (test mode): number, expiry and CVC, with errors next to the field they concern.
import { useState, type FormEvent } from 'react';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { ApiError, fieldError } from './api.ts';
import { useAction } from './use-action.ts';
import { FormError } from './ui.tsx';

export function CardForm({ onSubmit, submitLabel }: { onSubmit(card: { number: string; exp_month: number; exp_year: number; cvc: string }): Promise<void>; submitLabel: string }) {
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const { busy, error, run, refuse } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = /^(\d{1,2})\s*\/\s*(\d{2,4})$/.exec(expiry.trim());
    if (!m) return refuse('expiry', 'Enter the expiry as MM/YY.');
    const year = Number(m[2]);
    return run(() => onSubmit({ number: number.replace(/\s+/g, ''), exp_month: Number(m[1]), exp_year: year < 100 ? 2000 + year : year, cvc }));
  };
  const declined = error instanceof ApiError && error.error.type === 'card_error' ? error.message : undefined;
  const numberError = fieldError(error, 'card[number]') ?? fieldError(error, 'card') ?? declined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {numberError ? null : <FormError error={error} fields={['expiry', 'card']} title={null} />}
        <TextInput label="Card number" inputMode="numeric" autoComplete="cc-number" value={number} onChange={(e) => setNumber(e.currentTarget.value)} error={numberError} />
        <Group grow>
          <TextInput label="Expiry (MM/YY)" autoComplete="cc-exp" value={expiry} onChange={(e) => setExpiry(e.currentTarget.value)} error={fieldError(error, 'expiry') ?? fieldError(error, 'card[exp_month]') ?? fieldError(error, 'card[exp_year]')} />
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
