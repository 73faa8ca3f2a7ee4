// Billing → Meters: the billing meters (create, deactivate, reactivate), and a meter's page with a
// customer's daily usage over their current billing period (event_summaries, drawn by recharts).
import { useState } from 'react';
import { Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fieldError } from '../../shared/api.ts';
import { date, toIsoDate } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { ActiveBadge, DataTable, switchColumn } from '../../shared/data-table.tsx';
import { ErrorAlert, Facts, FormError, Loading, PageHeader, Panel } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';

const DAY = 86_400;

export function MetersPage() {
  const { canWrite } = useSession();
  const meters = useLoad(() => api.get('/v1/billing/meters', { limit: 100 }), []);
  const [creating, create] = useDisclosure();
  const toggling = useAction();
  const toggle = (m: any) =>
    toggling.run(async () => {
      await api.post(`/v1/billing/meters/${m.id}/${m.status === 'active' ? 'deactivate' : 'reactivate'}`, {});
      meters.reload();
    });
  return (
    <>
      <PageHeader title="Meters" subtitle="Usage reported as meter events; metered prices bill what their meter adds up">
        {canWrite ? <Button onClick={create.open}>New meter</Button> : null}
      </PageHeader>
      <ErrorAlert error={meters.error ?? toggling.error} />
      <Paper withBorder>
        <DataTable
          label="Meters"
          rows={meters.data?.data}
          empty="No meters yet."
          columns={[
            { header: 'Name', cell: (m: any) => <Link to={`/meters/${m.id}`}>{m.display_name}</Link> },
            { header: 'Event name', cell: (m: any) => m.event_name, mono: true },
            { header: 'Aggregation', cell: (m: any) => m.default_aggregation.formula },
            { header: 'Status', cell: (m: any) => <ActiveBadge active={m.status === 'active'} inactive="inactive" /> },
            switchColumn({ canWrite, isOn: (m: any) => m.status === 'active', verbs: ['Deactivate', 'Reactivate'], name: (m) => `meter ${m.display_name}`, onClick: toggle, busy: toggling.busy }),
          ]}
        />
      </Paper>
      <Modal opened={creating} onClose={create.close} title="New meter">
        <NewMeter onMade={() => { create.close(); meters.reload(); }} />
      </Modal>
    </>
  );
}

function NewMeter({ onMade }: { onMade(): void }) {
  const [name, setName] = useState('');
  const [eventName, setEventName] = useState('');
  const [formula, setFormula] = useState<string | null>('sum');
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      await api.post('/v1/billing/meters', { display_name: name, event_name: eventName, default_aggregation: { formula } });
      onMade();
    });
  return (
    <Stack>
      <TextInput label="Meter name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'display_name')} data-autofocus />
      <TextInput label="Event name" description="What meter events are sent as, e.g. api_call" value={eventName} onChange={(e) => setEventName(e.currentTarget.value)} error={fieldError(error, 'event_name')} />
      <Select label="Aggregation" data={[{ value: 'sum', label: 'Sum of values' }, { value: 'count', label: 'Count of events' }, { value: 'last', label: 'Last value' }]} value={formula} onChange={setFormula} error={fieldError(error, 'default_aggregation[formula]')} />
      <FormError error={error} fields={['display_name', 'event_name']} title="The meter was refused" />
      <Button onClick={save} loading={busy}>
        Create meter
      </Button>
    </Stack>
  );
}

export function MeterPage({ id }: { id: string }) {
  const meter = useLoad(() => api.get(`/v1/billing/meters/${id}`), [id]);
  const customers = useLoad(() => api.get('/v1/customers', { limit: 100 }), []);
  const [customer, setCustomer] = useState<string | null>(null);
  if (meter.error) return <ErrorAlert error={meter.error} />;
  if (!meter.data) return <Loading label="Loading meter" />;
  const m = meter.data;
  return (
    <>
      <PageHeader title={m.display_name} subtitle={<Text ff="monospace" size="xs" span>{m.id}</Text>} />
      <Paper withBorder p="md" mb="md">
        <Facts rows={[['Event name', m.event_name], ['Aggregation', m.default_aggregation.formula], ['Status', m.status], ['Created', date(m.created)]]} />
      </Paper>
      <Panel title="Usage per customer">
        <Select
          label="Customer"
          placeholder="Choose a customer"
          searchable
          data={(customers.data?.data ?? []).map((c: any) => ({ value: c.id, label: c.name || c.email || c.id }))}
          value={customer}
          onChange={setCustomer}
          mb="md"
        />
        {customer ? <UsageChart meter={m} customer={customer} /> : null}
      </Panel>
    </>
  );
}

/** Daily usage over the customer's current billing period (the days its first subscription spans). */
function UsageChart({ meter, customer }: { meter: any; customer: string }) {
  const usage = useLoad(async () => {
    const subs = await api.get('/v1/subscriptions', { customer, limit: 1 });
    const item = subs.data[0]?.items?.data?.[0];
    if (!item) return null;
    const start = Math.floor(item.current_period_start / DAY) * DAY;
    const end = Math.ceil(item.current_period_end / DAY) * DAY;
    return api.get(`/v1/billing/meters/${meter.id}/event_summaries`, { customer, start_time: start, end_time: end, value_grouping_window: 'day', limit: 100 });
  }, [meter.id, customer]);
  if (usage.error) return <ErrorAlert error={usage.error} />;
  if (usage.data === undefined) return <Loading label="Loading usage" />;
  if (usage.data === null) return <Text c="dimmed">This customer has no subscription, so no billing period to chart.</Text>;
  const rows = [...usage.data.data].sort((a: any, b: any) => a.start_time - b.start_time);
  const data = rows.map((s: any) => ({ day: toIsoDate(s.start_time).slice(5), usage: s.aggregated_value }));
  const total = rows.reduce((n: number, s: any) => n + s.aggregated_value, 0);
  return (
    <>
      <Group mb="xs">
        <Text size="sm" aria-label="Usage this period">
          This period: {total.toLocaleString('en-US')} ({meter.default_aggregation.formula})
        </Text>
      </Group>
      <div role="img" aria-label={`Daily usage of ${meter.display_name}`} style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis fontSize={11} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="usage" fill="#4c6ef5" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </>
  );
}
