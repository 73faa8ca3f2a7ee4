// An invoice as create_preview computes it: lines (with prorations), discounts, tax and total.
import { Table, Text } from '@mantine/core';
import { date, money } from '../../shared/format.ts';
import { ErrorAlert, Loading, Panel } from '../../shared/ui.tsx';

export function InvoiceLinesTable({ invoice }: { invoice: any }) {
  const cur = invoice.currency;
  const discount = (invoice.total_discount_amounts ?? []).reduce((n: number, d: any) => n + d.amount, 0);
  const tax = (invoice.total_taxes ?? []).reduce((n: number, t: any) => n + t.amount, 0);
  // Label, amount, and the weight of the lines that stand out.
  const totals: Array<[string, string, number?]> = [
    ['Subtotal', money(invoice.subtotal, cur)],
    ...(discount ? [['Discounts', `−${money(discount, cur)}`] as [string, string]] : []),
    ...(tax ? [['Tax', money(tax, cur)] as [string, string]] : []),
    ['Total', money(invoice.total, cur), 700],
    ...(invoice.amount_paid ? [['Paid', money(invoice.amount_paid, cur)] as [string, string]] : []),
    ['Amount due', money(invoice.amount_remaining ?? invoice.amount_due, cur), 600],
  ];
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
        {totals.map(([label, amount, fw]) => (
          <Table.Tr key={label}>
            <Table.Td colSpan={3} ta="right" fw={fw}>
              {label}
            </Table.Td>
            <Table.Td ta="right" fw={fw}>
              {amount}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function PreviewPanel({ title, preview }: { title: string; preview: { data?: any; error?: unknown; loading: boolean } }) {
  return (
    <Panel title={title} aria-busy={preview.loading}>
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
    </Panel>
  );
}
