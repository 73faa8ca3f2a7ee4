// The first screen: what needs attention today (drafts to review, past-due invoices) and MRR.
import { Card, Group, SimpleGrid, Text } from '@mantine/core';
import { useLoad } from '../shared/use-load.ts';
import { money } from '../shared/format.ts';
import { ErrorAlert, PageHeader } from '../shared/ui.tsx';
import { api } from './session.tsx';
import { Link } from './router.tsx';

export function Overview() {
  const counts = useLoad(() => api.get('/v1/recur/invoices/counts'), []);
  const mrr = useLoad(() => api.get('/v1/recur/reports/mrr'), []);
  const tile = (label: string, value: React.ReactNode, to: string) => (
    <Card withBorder padding="lg" key={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
      <Link to={to}>Open</Link>
    </Card>
  );
  return (
    <>
      <PageHeader title="Overview" subtitle="What needs attention" />
      <ErrorAlert error={counts.error ?? mrr.error} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {tile('Drafts awaiting review', counts.data?.draft ?? '…', '/invoices?tab=draft')}
        {tile('Past due invoices', counts.data?.past_due ?? '…', '/invoices?tab=past_due')}
        {tile(
          'MRR',
          <Group gap="xs">{mrr.data ? (mrr.data.current.length ? mrr.data.current.map((m: any) => <span key={m.currency}>{money(m.mrr, m.currency)}</span>) : money(0, 'usd')) : '…'}</Group>,
          '/reports',
        )}
      </SimpleGrid>
    </>
  );
}
