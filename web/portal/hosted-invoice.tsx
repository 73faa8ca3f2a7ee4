// The hosted invoice page: one invoice to read and pay (a card), with its PDF.
import { useState } from 'react';
import { Alert, Anchor, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useLoad } from '../shared/use-load.ts';
import { date, money, taxIdText } from '../shared/format.ts';
import { Loading, StatusBadge } from '../shared/ui.tsx';
import { CardForm } from '../shared/card-form.tsx';
import { publicClient as api } from './portal-api.ts';

export function HostedInvoice({ id }: { id: string }) {
  const doc = useLoad(() => api.get(`/v1/recur/hosted_invoices/${id}`), [id]);
  const [paid, setPaid] = useState(false);
  if (doc.error)
    return (
      <Alert color="red" title="Invoice not found" role="alert" mt="xl">
        This invoice does not exist or is not ready yet.
      </Alert>
    );
  if (!doc.data) return <Loading label="Loading the invoice" />;
  const { invoice: i, lines, seller, customer } = doc.data;
  const cur = i.currency;
  return (
    <Stack gap="md">
      <Stack gap={0}>
        <Text c="dimmed" size="sm">
          {seller.business_name ?? 'Invoice'}
        </Text>
        <Group justify="space-between" align="center">
          <Title order={2}>{money(i.status === 'paid' ? i.amount_paid : i.amount_remaining, cur)}</Title>
          <StatusBadge status={i.status} />
        </Group>
        <Text size="sm" c="dimmed">
          {i.status === 'paid' ? `Paid ${date(i.status_transitions?.paid_at)}` : i.due_date ? `Due ${date(i.due_date)}` : `Issued ${date(i.status_transitions?.finalized_at)}`}
        </Text>
      </Stack>
      {paid ? (
        <Alert color="green" role="status" title="Payment received">
          Thank you — this invoice is paid.
        </Alert>
      ) : null}
      <Card withBorder>
        <Text size="sm">
          Invoice <b>{i.number ?? i.id}</b> to {customer.name ?? customer.email}
        </Text>
        {(i.customer_tax_ids ?? []).map((t: any) => (
          <Text key={`${t.type}:${t.value}`} size="xs" c="dimmed">
            {taxIdText(t)}
          </Text>
        ))}
        <Divider my="xs" />
        <Stack gap={6}>
          {lines.map((l: any) => (
            <Group key={l.id} justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" style={{ flex: 1 }}>
                {l.description}
              </Text>
              <Text size="sm">{money(l.amount, cur)}</Text>
            </Group>
          ))}
        </Stack>
        <Divider my="xs" />
        {(
          [
            ['Subtotal', i.subtotal],
            ...(i.total_discount_amounts ?? []).map((d: any) => ['Discount', -d.amount]),
            ...(i.total_taxes ?? []).map((t: any) => ['Tax', t.amount]),
            ['Total', i.total],
            ['Amount paid', i.amount_paid],
            ['Amount due', i.amount_remaining],
          ] as Array<[string, number]>
        ).map(([label, amount], k) => (
          <Group key={k} justify="space-between">
            <Text size="sm" fw={label === 'Amount due' || label === 'Total' ? 700 : 400}>
              {label}
            </Text>
            <Text size="sm" fw={label === 'Amount due' || label === 'Total' ? 700 : 400}>
              {money(amount, cur)}
            </Text>
          </Group>
        ))}
        <Anchor href={i.invoice_pdf} target="_blank" size="sm" mt="sm">
          Download invoice PDF
        </Anchor>
      </Card>
      {i.status === 'open' && i.amount_remaining > 0 && !paid ? (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            Pay this invoice
          </Title>
          <CardForm
            submitLabel={`Pay ${money(i.amount_remaining, cur)}`}
            onSubmit={async (card) => {
              await api.post(`/v1/recur/hosted_invoices/${id}/pay`, { card });
              setPaid(true);
              doc.reload();
            }}
          />
        </Card>
      ) : null}
    </Stack>
  );
}
