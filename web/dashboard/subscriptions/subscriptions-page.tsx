// Subscriptions: a status filter and a search, paged on the server, and the CSV export of exactly
// what the filter shows.
import { useState } from 'react';
import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { withQuery } from '../../shared/api.ts';
import { useDebounced, useLoad } from '../../shared/use-load.ts';
import { ErrorAlert, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { navigate } from '../router.tsx';
import { Pager, usePager } from '../pager.tsx';
import { SubscriptionTable } from './subscription-table.tsx';

const STATUSES = [
  { value: '', label: 'All statuses' },
  { value: 'all_active', label: 'All current (not canceled)' },
  { value: 'active', label: 'Active' },
  { value: 'trialing', label: 'Trialing' },
  { value: 'past_due', label: 'Past due' },
  { value: 'unpaid', label: 'Unpaid' },
  { value: 'paused', label: 'Paused' },
  { value: 'incomplete', label: 'Incomplete' },
  { value: 'canceled', label: 'Canceled' },
];

export function SubscriptionsPage() {
  const { canWrite } = useSession();
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const query = useDebounced(text, 120);
  const pager = usePager([query, status]);
  const list = useLoad(
    () => api.get('/v1/recur/subscriptions/lookup', { query, status, limit: 25, starting_after: pager.cursor }),
    [query, status, pager.cursor],
  );
  const exportUrl = withQuery('/v1/recur/exports/subscriptions.csv', { query, status });
  return (
    <>
      <PageHeader title="Subscriptions" subtitle={list.data ? `${list.data.total_count.toLocaleString('en-US')}${list.data.total_count_capped ? '+' : ''} matching` : undefined}>
        <Button component="a" href={exportUrl} download="subscriptions.csv" variant="default">
          Export CSV
        </Button>
        {canWrite ? <Button onClick={() => navigate('/subscriptions/new')}>New subscription</Button> : null}
      </PageHeader>
      <Group mb="md" align="flex-end">
        <Select label="Status" data={STATUSES} value={status} onChange={(v) => setStatus(v ?? '')} allowDeselect={false} w={240} />
        <TextInput label="Search subscriptions" placeholder="Customer name, email, id or metadata" value={text} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} />
      </Group>
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <SubscriptionTable rows={list.data?.data} />
      </Paper>
      <Pager pager={pager} page={list.data ? { ...list.data, data: list.data.data.map((d: any) => d.subscription) } : undefined} />
    </>
  );
}
