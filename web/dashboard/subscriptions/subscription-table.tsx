// Subscriptions as a table: customer, status, what they pay for, the period, and a link to each.
import { Table, Text } from '@mantine/core';
import { date, money } from '../../shared/format.ts';
import { Empty, StatusBadge } from '../../shared/ui.tsx';
import { Link } from '../router.tsx';

export const itemsSummary = (s: any) =>
  (s.items?.data ?? [])
    .map((i: any) => `${i.price?.nickname ?? i.price?.id ?? i.price}${i.quantity && i.quantity !== 1 ? ` × ${i.quantity}` : ''}`)
    .join(', ');

export const recurringAmount = (s: any) => {
  const items = s.items?.data ?? [];
  const licensed = items.filter((i: any) => i.price?.recurring?.usage_type !== 'metered' && i.price?.unit_amount !== null);
  const sum = licensed.reduce((n: number, i: any) => n + (i.price?.unit_amount ?? 0) * (i.quantity ?? 1), 0);
  const interval = items[0]?.price?.recurring?.interval;
  return `${money(sum, s.currency)}${interval ? ` / ${interval}` : ''}${licensed.length < items.length ? ' + usage' : ''}`;
};

export function SubscriptionTable({ rows, hideCustomer }: { rows: Array<{ subscription: any; customer: any }>; hideCustomer?: boolean }) {
  if (!rows.length) return <Empty>No subscriptions.</Empty>;
  return (
    <Table highlightOnHover striped aria-label="Subscriptions">
      <Table.Thead>
        <Table.Tr>
          {hideCustomer ? null : <Table.Th>Customer</Table.Th>}
          <Table.Th>Status</Table.Th>
          <Table.Th>Items</Table.Th>
          <Table.Th>Amount</Table.Th>
          <Table.Th>Current period</Table.Th>
          <Table.Th>Subscription</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ subscription: s, customer: c }) => {
          const item = s.items?.data?.[0];
          return (
            <Table.Tr key={s.id}>
              {hideCustomer ? null : (
                <Table.Td>
                  <Link to={`/customers/${c.id}`}>{c.name || c.email || c.id}</Link>
                </Table.Td>
              )}
              <Table.Td>
                <StatusBadge status={s.status} />
                {s.cancel_at_period_end ? (
                  <Text size="xs" c="dimmed">
                    cancels at period end
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{itemsSummary(s)}</Table.Td>
              <Table.Td>{recurringAmount(s)}</Table.Td>
              <Table.Td>
                {date(item?.current_period_start)} – {date(item?.current_period_end)}
              </Table.Td>
              <Table.Td>
                <Link to={`/subscriptions/${s.id}`} aria-label={`View subscription ${s.id}`}>
                  <Text ff="monospace" size="xs" span>
                    {s.id}
                  </Text>
                </Link>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
