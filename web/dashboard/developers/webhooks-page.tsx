// Developers → Webhooks: the endpoints, creating one (its signing secret shown once), enabling,
// disabling and deleting; an endpoint's page lists its delivery attempts with Resend.
import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Modal, Paper, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { dateTime } from '../../shared/format.ts';
import { fieldError } from '../../shared/api.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, Facts, FormError, Loading, PageHeader, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link, navigate } from '../router.tsx';
import { Pager, usePager } from '../pager.tsx';
import { EVENT_TYPE_SUGGESTIONS } from './event-types.ts';
import { AttemptsTable } from './attempts-table.tsx';

export function WebhooksPage() {
  const { canWrite } = useSession();
  const endpoints = useLoad(() => api.get('/v1/webhook_endpoints', { limit: 100 }), []);
  const [creating, create] = useDisclosure();
  const [created, setCreated] = useState<any>(null);
  return (
    <>
      <PageHeader title="Webhooks" subtitle="Endpoints that receive Recur's events, signed as Stripe signs them">
        {canWrite ? <Button onClick={create.open}>Add endpoint</Button> : null}
      </PageHeader>
      {created ? (
        <Alert color="blue" title="Signing secret" mb="md" withCloseButton onClose={() => setCreated(null)} closeButtonLabel="Hide the signing secret">
          <Stack gap={4}>
            <Text size="sm">This is the only time the secret of {created.url} is shown. Keep it with your webhook handler.</Text>
            <Group gap="xs">
              <Code aria-label="Signing secret">{created.secret}</Code>
              <CopyButton value={created.secret}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy secret'}</Button>}</CopyButton>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <ErrorAlert error={endpoints.error} />
      <Paper withBorder>
        <DataTable
          label="Webhook endpoints"
          rows={endpoints.data?.data}
          error={endpoints.error}
          empty="No webhook endpoints yet."
          columns={[
            {
              header: 'URL',
              cell: (ep: any) => (
                <>
                  <Link to={`/developers/webhooks/${ep.id}`}>{ep.url}</Link>
                  {ep.description ? <Text size="xs" c="dimmed">{ep.description}</Text> : null}
                </>
              ),
            },
            { header: 'Events', cell: (ep: any) => <Text size="xs">{ep.enabled_events.join(', ')}</Text> },
            { header: 'Status', cell: (ep: any) => <StatusBadge status={ep.status} /> },
            { header: 'Created', cell: (ep: any) => dateTime(ep.created) },
          ]}
        />
      </Paper>
      <Modal opened={creating} onClose={create.close} title="Add a webhook endpoint" size="lg">
        {creating ? (
          <EndpointForm
            onCreated={(ep) => {
              create.close();
              setCreated(ep);
              endpoints.reload();
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}

function EndpointForm({ onCreated }: { onCreated(endpoint: any): void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [description, setDescription] = useState('');
  const { busy, error, run, refuse } = useAction();
  const submit = async () => {
    if (!events.length) return refuse('enabled_events', 'Choose at least one event, or * for all of them.');
    return run(async () => onCreated(await api.post('/v1/webhook_endpoints', { url, enabled_events: events, description: description || undefined })));
  };
  const err = (p: string) => fieldError(error, p);
  return (
    <Stack>
      <TextInput label="Endpoint URL" placeholder="https://example.com/webhook" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={err('url')} data-autofocus />
      <TagsInput
        label="Events to send"
        description="Pick or type event names; * sends every event"
        data={EVENT_TYPE_SUGGESTIONS}
        value={events}
        onChange={setEvents}
        error={err('enabled_events')}
        clearable
      />
      <TextInput label="Endpoint description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={err('description')} />
      <FormError error={error} fields={['url', 'enabled_events', 'description']} />
      <Button onClick={submit} loading={busy}>
        Create endpoint
      </Button>
    </Stack>
  );
}

/** One endpoint: its settings, enable/disable and delete, and its delivery attempts, newest first. */
export function WebhookEndpointPage({ id }: { id: string }) {
  const { canWrite } = useSession();
  const endpoint = useLoad(() => api.get(`/v1/webhook_endpoints/${id}`), [id]);
  const pager = usePager([id]);
  const attempts = useLoad(() => api.get(`/v1/recur/webhook_endpoints/${id}/attempts`, { limit: 25, starting_after: pager.cursor }), [id, pager.cursor]);
  const { pending, error, run } = useAction();
  if (endpoint.error) return <ErrorAlert error={endpoint.error} />;
  if (!endpoint.data) return <Loading label="Loading webhook endpoint" />;
  const ep = endpoint.data;
  const toggle = () => run(async () => (await api.post(`/v1/webhook_endpoints/${id}`, { disabled: !disabled }), endpoint.reload()), { label: 'toggle' });
  const remove = () =>
    run(async () => (await api.del(`/v1/webhook_endpoints/${id}`), navigate('/developers/webhooks')), { label: 'delete', confirm: 'Delete this endpoint? Its pending deliveries are dropped.' });
  const disabled = ep.status === 'disabled';
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span>Webhook endpoint</span>
            <StatusBadge status={ep.status} />
          </Group>
        }
        subtitle={ep.url}
      >
        {canWrite ? (
          <>
            <Button variant="default" loading={pending === 'toggle'} onClick={toggle}>
              {disabled ? 'Enable endpoint' : 'Disable endpoint'}
            </Button>
            <Button color="red" variant="default" loading={pending === 'delete'} onClick={remove}>
              Delete endpoint
            </Button>
          </>
        ) : null}
      </PageHeader>
      <ErrorAlert error={error} title="Refused" />
      <Stack>
        <Paper withBorder p="md">
          <Facts
            rows={[
              ['ID', <Text key="id" ff="monospace" size="xs" span>{ep.id}</Text>],
              ['Events', ep.enabled_events.join(', ')],
              ['Description', ep.description || '—'],
              ['API version', ep.api_version ?? 'account default'],
              ['Created', dateTime(ep.created)],
            ]}
          />
        </Paper>
        <Paper withBorder p="md">
          <Text fw={600} mb="xs">
            Delivery attempts
          </Text>
          <ErrorAlert error={attempts.error} />
          <AttemptsTable attempts={attempts.data?.data} loadError={attempts.error} label="Delivery attempts" empty="No delivery attempts yet." onResent={attempts.reload} />
          <Pager pager={pager} page={attempts.data} />
        </Paper>
      </Stack>
    </>
  );
}
