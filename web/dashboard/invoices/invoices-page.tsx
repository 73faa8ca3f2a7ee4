// Invoices by tab: drafts awaiting review, open, past due, paid, void, uncollectible.
import { Badge, Paper, Tabs } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { ErrorAlert, PageHeader } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { navigate, usePath } from '../router.tsx';
import { Pager, usePager } from '../pager.tsx';
import { InvoiceTable } from './invoice-table.tsx';

const TABS = [
  ['draft', 'Drafts to review'],
  ['open', 'Open'],
  ['past_due', 'Past due'],
  ['paid', 'Paid'],
  ['void', 'Void'],
  ['uncollectible', 'Uncollectible'],
] as const;

export function InvoicesPage() {
  const { search } = usePath();
  const tab = search.get('tab') ?? 'draft';
  const pager = usePager([tab]);
  const counts = useLoad(() => api.get('/v1/recur/invoices/counts'), []);
  const list = useLoad(() => api.get('/v1/recur/invoices/lookup', { tab, limit: 25, starting_after: pager.cursor }), [tab, pager.cursor]);
  const customers = useLoad(async () => {
    const ids = [...new Set((list.data?.data ?? []).map((i: any) => i.customer as string))];
    const found = await Promise.all(ids.map((id) => api.get(`/v1/customers/${id}`).catch(() => ({ id }))));
    return Object.fromEntries(found.map((c: any) => [c.id, c]));
  }, [list.data]);
  return (
    <>
      <PageHeader title="Invoices" />
      <Tabs value={tab} onChange={(v) => v && navigate(`/invoices?tab=${v}`, true)} mb="sm">
        <Tabs.List>
          {TABS.map(([value, label]) => (
            <Tabs.Tab key={value} value={value} rightSection={counts.data ? <Badge size="xs" variant="light" color={value === 'past_due' && counts.data[value] ? 'orange' : 'gray'}>{counts.data[value]}</Badge> : null}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <InvoiceTable invoices={list.data?.data} customers={customers.data ?? {}} />
      </Paper>
      <Pager pager={pager} page={list.data} />
    </>
  );
}
