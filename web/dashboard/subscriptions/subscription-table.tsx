// Subscriptions as a table: customer, status, what they pay for, the period, and a link to each.
import { Text } from '@mantine/core';
import { date, money } from '../../shared/format.ts';
import { DataTable, type Column } from '../../shared/data-table.tsx';
import { StatusBadge } from '../../shared/ui.tsx';
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

export function SubscriptionTable({ rows, hideCustomer }: { rows: Array<{ subscription: any; customer: any }> | undefined; hideCustomer?: boolean }) {
  const columns: Array<Column<{ subscription: any; customer: any }>> = [
    {
      header: 'Status',
      cell: ({ subscription: s }) => (
        <>
          <StatusBadge status={s.status} />
          {s.cancel_at_period_end ? (
            <Text size="xs" c="dimmed">
              cancels at period end
            </Text>
          ) : null}
        </>
      ),
    },
    { header: 'Items', cell: ({ subscription: s }) => itemsSummary(s) },
    { header: 'Amount', cell: ({ subscription: s }) => recurringAmount(s) },
    { header: 'Current period', cell: ({ subscription: s }) => `${date(s.items?.data?.[0]?.current_period_start)} – ${date(s.items?.data?.[0]?.current_period_end)}` },
    {
      header: 'Subscription',
      cell: ({ subscription: s }) => (
        <Link to={`/subscriptions/${s.id}`} aria-label={`View subscription ${s.id}`}>
          <Text ff="monospace" size="xs" span>
            {s.id}
          </Text>
        </Link>
      ),
    },
  ];
  if (!hideCustomer) columns.unshift({ header: 'Customer', cell: ({ customer: c }) => <Link to={`/customers/${c.id}`}>{c.name || c.email || c.id}</Link> });
  return <DataTable label="Subscriptions" rows={rows} empty="No subscriptions." columns={columns} rowKey={(r) => r.subscription.id} highlightOnHover striped />;
}
