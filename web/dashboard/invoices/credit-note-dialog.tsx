// Issue a credit note on an open or paid invoice: an amount or an amount per line, a reason, and
// (on a paid invoice) where the money goes, with a live preview from /v1/credit_notes/preview.
import { useState } from 'react';
import { SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { money, toMinor } from '../../shared/format.ts';
import { useDebounced, useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { Facts, FormFooter } from '../../shared/ui.tsx';
import { api } from '../session.tsx';

const REASONS = [
  { value: 'order_change', label: 'Order change' },
  { value: 'product_unsatisfactory', label: 'Product unsatisfactory' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'fraudulent', label: 'Fraudulent' },
];

const DESTINATIONS = [
  { value: 'credit_amount', label: 'Customer balance' },
  { value: 'refund_amount', label: 'Refund to card' },
  { value: 'out_of_band_amount', label: 'Out of band' },
];

type Built = { params?: Record<string, unknown>; error?: { param: string; message: string } };

export function CreditNoteDialog({ invoice, onDone }: { invoice: any; onDone(): void }) {
  const paid = invoice.status === 'paid';
  const cur = invoice.currency as string;
  const [mode, setMode] = useState<'amount' | 'lines'>('amount');
  const [amount, setAmount] = useState('');
  const [lineAmounts, setLineAmounts] = useState<Record<string, string>>({});
  const [reason, setReason] = useState<string | null>(null);
  const [destination, setDestination] = useState('credit_amount');
  const [memo, setMemo] = useState('');
  const { busy, error, run, refuse } = useAction();

  const build = (): Built => {
    const base: Record<string, unknown> = { invoice: invoice.id, reason: reason ?? undefined, memo: memo || undefined };
    if (mode === 'amount') {
      const m = toMinor(amount, cur);
      if (m === null || m <= 0) return { error: { param: 'amount', message: `Enter an amount in ${cur.toUpperCase()}, e.g. 12.50.` } };
      base.amount = m;
    } else {
      const lines: any[] = [];
      for (const l of invoice.lines.data) {
        const text = (lineAmounts[l.id] ?? '').trim();
        if (!text) continue;
        const m = toMinor(text, cur);
        if (m === null || m <= 0) return { error: { param: 'lines', message: `Enter each line's amount in ${cur.toUpperCase()}, e.g. 12.50.` } };
        lines.push({ type: 'invoice_line_item', invoice_line_item: l.id, amount: m });
      }
      if (!lines.length) return { error: { param: 'lines', message: 'Enter an amount on at least one line.' } };
      base.lines = lines;
    }
    return { params: base };
  };
  const built = build();
  const key = JSON.stringify(built.params ?? null);
  const debounced = useDebounced(key, 300);
  const preview = useLoad(() => (debounced !== 'null' ? api.get('/v1/credit_notes/preview', JSON.parse(debounced)) : Promise.resolve(null)), [debounced]);
  // On a paid invoice the whole total goes to the chosen place (the preview tells the total).
  const withDestination = (params: Record<string, unknown>, total: number | undefined) =>
    paid && total !== undefined ? { ...params, [destination]: total } : params;

  const submit = () => {
    if (built.error) return refuse(built.error.param, built.error.message);
    return run(async () => {
      const p = preview.data && key === debounced ? preview.data : await api.get('/v1/credit_notes/preview', built.params);
      await api.post('/v1/credit_notes', withDestination(built.params!, p.total));
      onDone();
    });
  };
  const shownError = error ?? (built.params ? preview.error : undefined);
  const err = (p: string) => fieldError(shownError, p);
  const destErr = err('refund_amount') ?? err('credit_amount') ?? err('out_of_band_amount');
  return (
    <Stack>
      <SegmentedControl
        aria-label="Credit by"
        value={mode}
        onChange={(v) => setMode(v as 'amount' | 'lines')}
        data={[
          { value: 'amount', label: 'An amount' },
          { value: 'lines', label: 'Per line' },
        ]}
      />
      {mode === 'amount' ? (
        <TextInput label={`Credit amount (${cur.toUpperCase()})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={err('amount')} data-autofocus />
      ) : (
        <Stack gap={4}>
          <Table aria-label="Credit per line">
            <Table.Tbody>
              {invoice.lines.data.map((l: any) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{l.description}</Table.Td>
                  <Table.Td ta="right">{money(l.amount, cur)}</Table.Td>
                  <Table.Td w={160}>
                    <TextInput
                      aria-label={`Credit for ${l.description}`}
                      inputMode="decimal"
                      placeholder="0.00"
                      value={lineAmounts[l.id] ?? ''}
                      onChange={(e) => setLineAmounts({ ...lineAmounts, [l.id]: e.currentTarget.value })}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {err('lines') ? (
            <Text c="red" size="sm" role="alert">
              {err('lines')}
            </Text>
          ) : null}
        </Stack>
      )}
      <Select label="Credit note reason" data={REASONS} value={reason} onChange={setReason} error={err('reason')} clearable />
      {paid ? (
        <Select label="Where the money goes" data={DESTINATIONS} value={destination} onChange={(v) => v && setDestination(v)} allowDeselect={false} error={destErr} />
      ) : (
        <Text size="sm" c="dimmed">
          The invoice is open: the credit lowers what is due.
        </Text>
      )}
      <Textarea label="Memo" value={memo} onChange={(e) => setMemo(e.currentTarget.value)} error={err('memo')} autosize minRows={1} />
      <Stack gap={4} aria-label="Credit note preview" role="region">
        <Text fw={600} size="sm">
          Preview
        </Text>
        {preview.data ? (
          <Facts
            rows={[
              ['Subtotal', money(preview.data.subtotal, cur)],
              ['Credit note total', money(preview.data.total, cur)],
              ['Type', preview.data.type === 'post_payment' ? 'After payment' : 'Before payment'],
              ...(paid ? ([[DESTINATIONS.find((d) => d.value === destination)!.label, money(preview.data.total, cur)]] as Array<[string, string]>) : []),
            ]}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {preview.loading && built.params ? 'Calculating…' : 'Enter an amount to see the credit note.'}
          </Text>
        )}
      </Stack>
      <FormFooter error={shownError} fields={['amount', 'lines', 'reason', 'refund_amount', 'credit_amount', 'out_of_band_amount', 'memo']} title="The credit note was refused" submit={submit} busy={busy}>
        Issue credit note
      </FormFooter>
    </Stack>
  );
}
