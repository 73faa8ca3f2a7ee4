// Developers → Events: every event newest first, filtered by type (exact or `customer.*`), paged
// by cursor; an event's page shows its JSON and its delivery attempts at each webhook endpoint.
import { useState } from 'react';
import { Autocomplete, Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { useDebounced, useLoad } from '../../shared/use-load.ts';
import { dateTime } from '../../shared/format.ts';
import { fieldError } from '../../shared/api.ts';
import { ErrorAlert, Facts, Loading, PageHeader, Panel } from '../../shared/ui.tsx';
import { DataTable } from '../../shared/data-table.tsx';
import { api } from '../session.tsx';
import { Link } from '../router.tsx';
import { Pager, usePager } from '../pager.tsx';
import { EVENT_TYPE_SUGGESTIONS } from './event-types.ts';
import { AttemptsTable } from './attempts-table.tsx';

export function EventsPage() {
  const [type, setType] = useState('');
  const filter = useDebounced(type.trim(), 300);
  const pager = usePager([filter]);
  const events = useLoad(() => api.get('/v1/events', { limit: 25, type: filter || undefined, starting_after: pager.cursor }), [filter, pager.cursor]);
  return (
    <>
      <PageHeader title="Events" subtitle="Everything that happened in Recur, newest first; each is sent to the webhook endpoints that listen for it" />
      <Group mb="md">
        <Autocomplete
          label="Event type"
          placeholder="e.g. invoice.paid or customer.*"
          data={EVENT_TYPE_SUGGESTIONS.filter((t) => t !== '*')}
          value={type}
          onChange={setType}
          error={fieldError(events.error, 'type')}
          w={320}
        />
      </Group>
      {fieldError(events.error, 'type') ? null : <ErrorAlert error={events.error} />}
      <Paper withBorder>
        <DataTable
          label="Events"
          rows={events.data?.data}
          error={events.error}
          empty={`No events${filter ? ` of type ${filter}` : ''}.`}
          highlightOnHover
          columns={[
            {
              header: 'Event',
              cell: (e: any) => (
                <Link to={`/developers/events/${e.id}`} aria-label={`Event ${e.type} ${e.id}`}>
                  {e.type}
                </Link>
              ),
            },
            {
              header: 'Object',
              cell: (e: any) => (
                <Text ff="monospace" size="xs">
                  {e.data?.object?.id}
                </Text>
              ),
            },
            { header: 'Pending deliveries', cell: (e: any) => (e.pending_webhooks ? <Badge color="orange" variant="light">{e.pending_webhooks}</Badge> : '0') },
            { header: 'Created', cell: (e: any) => dateTime(e.created) },
          ]}
        />
      </Paper>
      <Pager pager={pager} page={events.data} />
    </>
  );
}

/** One event: its facts, its JSON, and the attempts to deliver it at each endpoint. */
export function EventPage({ id }: { id: string }) {
  const event = useLoad(() => api.get(`/v1/events/${id}`), [id]);
  const attempts = useLoad(() => loadEventAttempts(id), [id]);
  if (event.error) return <ErrorAlert error={event.error} />;
  if (!event.data) return <Loading label="Loading event" />;
  const e = event.data;
  return (
    <>
      <PageHeader title={e.type} subtitle={<Text ff="monospace" size="xs" span>{e.id}</Text>} />
      <Stack>
        <Paper withBorder p="md">
          <Facts
            rows={[
              ['Created', dateTime(e.created)],
              ['Object', <Text key="o" ff="monospace" size="xs" span>{e.data?.object?.id}</Text>],
              ['Caused by', e.request?.id ? `API request ${e.request.id}` : 'Recur (automatic)'],
              ['Pending deliveries', String(e.pending_webhooks ?? 0)],
            ]}
          />
        </Paper>
        <Panel title="Delivery attempts">
          <ErrorAlert error={attempts.error} />
          <AttemptsTable
            attempts={attempts.data}
            loadError={attempts.error}
            showEndpoint
            label="Delivery attempts of this event"
            empty="No delivery attempts: no endpoint listened for this event, or it is not delivered yet."
            onResent={attempts.reload}
          />
        </Panel>
        <Panel title="Event data">
          <Code block aria-label="Event JSON" style={{ maxHeight: 480, overflow: 'auto' }}>
            {JSON.stringify(e, null, 2)}
          </Code>
        </Panel>
      </Stack>
    </>
  );
}

/** The attempts for one event across every endpoint (the latest 100 attempts of each endpoint). */
async function loadEventAttempts(eventId: string): Promise<any[]> {
  const endpoints = await api.get('/v1/webhook_endpoints', { limit: 100 });
  const lists = await Promise.all(
    endpoints.data.map(async (ep: any) => {
      const page = await api.get(`/v1/recur/webhook_endpoints/${ep.id}/attempts`, { limit: 100 });
      return page.data.filter((a: any) => a.event === eventId).map((a: any) => ({ ...a, endpoint: ep }));
    }),
  );
  return lists.flat().sort((a, b) => b.created - a.created);
}
