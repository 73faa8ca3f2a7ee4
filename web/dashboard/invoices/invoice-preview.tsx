// An invoice as create_preview computes it: lines (with prorations), discounts, tax and total.
import { Paper, Table, Text, Title } from '@mantine/core';
import { date, money } from '../../shared/format.ts';
import { ErrorAlert, Loading } from '../../shared/ui.tsx';

export function InvoiceLinesTable({ invoice }: { invoice: any }) {
  const cur = invoice.currency;
  const discount = (invoice.total_discount_amounts ?? []).reduce((n: number, d: any) => n + d.amount, 0);
  const tax = (invoice.total_taxes ?? []).reduce((n: number, t: any) => n + t.amount, 0);
  return (
    <Table aria-label="Invoice lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Description</Table.Th>
          <Table.Th>Period</Table.Th>
          <Table.Th ta="right">Qty</Table.Th>
          <Table.Th ta="right">Amount</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {(invoice.lines?.data ?? []).map((l: any) => (
          <Table.Tr key={l.id}>
            <Table.Td>{l.description}</Table.Td>
            <Table.Td>
              {date(l.period?.start)} – {date(l.period?.end)}
            </Table.Td>
            <Table.Td ta="right">{l.quantity}</Table.Td>
            <Table.Td ta="right">{money(l.amount, cur)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td colSpan={3} ta="right">
            Subtotal
          </Table.Td>
          <Table.Td ta="right">{money(invoice.subtotal, cur)}</Table.Td>
        </Table.Tr>
        {discount ? (
          <Table.Tr>
            <Table.Td colSpan={3} ta="right">
              Discounts
            </Table.Td>
            <Table.Td ta="right">−{money(discount, cur)}</Table.Td>
          </Table.Tr>
        ) : null}
        {tax ? (
          <Table.Tr>
            <Table.Td colSpan={3} ta="right">
              Tax
            </Table.Td>
            <Table.Td ta="right">{money(tax, cur)}</Table.Td>
          </Table.Tr>
        ) : null}
        <Table.Tr>
          <Table.Td colSpan={3} ta="right" fw={700}>
            Total
          </Table.Td>
          <Table.Td ta="right" fw={700}>
            {money(invoice.total, cur)}
          </Table.Td>
        </Table.Tr>
        {invoice.amount_paid ? (
          <Table.Tr>
            <Table.Td colSpan={3} ta="right">
              Paid
            </Table.Td>
            <Table.Td ta="right">{money(invoice.amount_paid, cur)}</Table.Td>
          </Table.Tr>
        ) : null}
        <Table.Tr>
          <Table.Td colSpan={3} ta="right" fw={600}>
            Amount due
          </Table.Td>
          <Table.Td ta="right" fw={600}>
            {money(invoice.amount_remaining ?? invoice.amount_due, cur)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

export function PreviewPanel({ title, preview }: { title: string; preview: { data?: any; error?: unknown; loading: boolean } }) {
  return (
    <Paper withBorder p="md" aria-busy={preview.loading}>
      <Title order={4} mb="xs">
        {title}
      </Title>
      {preview.error ? <ErrorAlert error={preview.error} title="No preview" /> : null}
      {preview.data ? (
        <>
          <InvoiceLinesTable invoice={preview.data} />
          {preview.loading ? (
            <Text size="xs" c="dimmed">
              Updating…
            </Text>
          ) : null}
        </>
      ) : preview.loading ? (
        <Loading label="Computing the preview" />
      ) : null}
    </Paper>
  );
}
