// Invoices as a table: number, customer, status, amounts and dates, with a link to each.
import { Table, Text } from '@mantine/core';
import { date, money } from '../../shared/format.ts';
import { Empty, StatusBadge } from '../../shared/ui.tsx';
import { Link } from '../router.tsx';

export function InvoiceTable({ invoices, customers }: { invoices: any[]; customers?: Record<string, any> }) {
  if (!invoices.length) return <Empty>No invoices.</Empty>;
  return (
    <Table highlightOnHover striped aria-label="Invoices">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Invoice</Table.Th>
          {customers ? <Table.Th>Customer</Table.Th> : null}
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Total</Table.Th>
          <Table.Th ta="right">Due</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th>Due date</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {invoices.map((i) => {
          const c = customers?.[i.customer];
          return (
            <Table.Tr key={i.id}>
              <Table.Td>
                <Link to={`/invoices/${i.id}`} aria-label={`Invoice ${i.number ?? i.id}`}>
                  <Text ff="monospace" size="xs" span>
                    {i.number ?? i.id}
                  </Text>
                </Link>
              </Table.Td>
              {customers ? (
                <Table.Td>
                  <Link to={`/customers/${i.customer}`}>{c?.name || c?.email || i.customer}</Link>
                </Table.Td>
              ) : null}
              <Table.Td>
                <StatusBadge status={i.status} />
              </Table.Td>
              <Table.Td ta="right">{money(i.total, i.currency)}</Table.Td>
              <Table.Td ta="right">{money(i.amount_remaining, i.currency)}</Table.Td>
              <Table.Td>{date(i.created)}</Table.Td>
              <Table.Td>{date(i.due_date)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
