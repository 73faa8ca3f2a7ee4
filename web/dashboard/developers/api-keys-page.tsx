// Developers → API keys: the publishable key, secret and restricted read-only keys (masked), create
// one (its secret shown once), roll one (with a grace period for the old secret), revoke one.
import { useState } from 'react';
import { useAction } from '../../shared/use-action.ts';
import { Alert, Button, Code, Group, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime } from '../../shared/format.ts';
import { fieldError } from '../../shared/api.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, FormError, PageHeader, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';

const GRACE = [
  { value: '0', label: 'Now' },
  { value: '3600', label: 'In 1 hour' },
  { value: '86400', label: 'In 24 hours' },
  { value: '259200', label: 'In 3 days' },
  { value: '604800', label: 'In 7 days' },
];

const KIND: Record<string, string> = { secret: 'Secret', restricted: 'Restricted (read-only)', publishable: 'Publishable' };

export function ApiKeysPage() {
  const { canWrite } = useSession();
  const keys = useLoad(() => api.get('/v1/recur/api_keys'), []);
  const [creating, setCreating] = useState(false);
  const [rolling, setRolling] = useState<any>(null);
  const [revealed, setRevealed] = useState<any>(null);
  const revoking = useAction();
  const revoke = (k: any) =>
    revoking.run(
      async () => {
        await api.post(`/v1/recur/api_keys/${k.id}/revoke`);
        keys.reload();
      },
      { confirm: `Revoke ${k.name ?? k.redacted}? Requests with it are refused at once.` },
    );
  const rows = keys.data?.data ?? [];
  const publishable = rows.find((k: any) => k.type === 'publishable');
  return (
    <>
      <PageHeader title="API keys" subtitle="Keys for the /v1 API. Secret keys can do everything; restricted keys only read.">
        {canWrite ? <Button onClick={() => setCreating(true)}>Create key</Button> : null}
      </PageHeader>
      <ErrorAlert error={keys.error ?? revoking.error} />
      {publishable ? (
        <Paper withBorder p="md" mb="md">
          <Text fw={600} size="sm">
            Publishable key
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            For browsers and apps; refused by every secret-key endpoint.
          </Text>
          <Code aria-label="Publishable key">{publishable.token}</Code>
        </Paper>
      ) : null}
      <Paper withBorder>
        <DataTable
          label="API keys"
          rows={keys.data?.data}
          empty="No API keys."
          verticalSpacing="sm"
          columns={[
            { header: 'Name', cell: (k: any) => k.name ?? '—' },
            { header: 'Type', cell: (k: any) => KIND[k.type] },
            { header: 'Key', cell: (k: any) => <Code>{k.redacted}</Code> },
            { header: 'Created', cell: (k: any) => dateTime(k.created) },
            {
              header: 'Status',
              cell: (k: any) => (
                <>
                  <StatusBadge status={k.status} />
                  {k.expires_at ? (
                    <Text size="xs" c="dimmed">
                      until {dateTime(k.expires_at)}
                    </Text>
                  ) : null}
                </>
              ),
            },
            {
              cell: (k: any) =>
                canWrite && k.status === 'active' ? (
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => setRolling(k)} aria-label={`Roll ${k.name ?? k.redacted}`}>
                      Roll
                    </Button>
                    {k.type !== 'publishable' ? (
                      <Button size="xs" variant="light" color="red" onClick={() => revoke(k)} aria-label={`Revoke ${k.name ?? k.redacted}`}>
                        Revoke
                      </Button>
                    ) : null}
                  </Group>
                ) : null,
            },
          ]}
        />
      </Paper>
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create an API key">
        <CreateKey
          onMade={(k) => {
            setCreating(false);
            setRevealed(k);
            keys.reload();
          }}
        />
      </Modal>
      <Modal opened={!!rolling} onClose={() => setRolling(null)} title={`Roll ${rolling?.name ?? 'key'}`}>
        {rolling ? (
          <RollKey
            apiKey={rolling}
            onMade={(k) => {
              setRolling(null);
              setRevealed(k);
              keys.reload();
            }}
          />
        ) : null}
      </Modal>
      <Modal opened={!!revealed} onClose={() => setRevealed(null)} title="Your new key">
        {revealed ? (
          <Stack>
            <Alert color="yellow" title="Copy it now">
              This secret is shown once. Recur keeps only a hash of it.
            </Alert>
            <TextInput label="New secret key" value={revealed.secret ?? revealed.token} readOnly onFocus={(e) => e.currentTarget.select()} />
            <Button onClick={() => setRevealed(null)}>Done</Button>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}

function CreateKey({ onMade }: { onMade(k: any): void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState('secret');
  const { busy, error, run } = useAction();
  const create = () =>
    run(async () => {
      onMade(await api.post('/v1/recur/api_keys', { type, ...(name ? { name } : {}) }));
    });
  return (
    <Stack>
      <TextInput label="Key name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} />
      <Select
        label="Key type"
        value={type}
        onChange={(v) => setType(v ?? 'secret')}
        data={[
          { value: 'secret', label: 'Secret: full access' },
          { value: 'restricted', label: 'Restricted: read-only' },
        ]}
        error={fieldError(error, 'type')}
        allowDeselect={false}
      />
      <FormError error={error} fields={['name', 'type']} />
      <Button onClick={create} loading={busy}>
        Create
      </Button>
    </Stack>
  );
}

function RollKey({ apiKey, onMade }: { apiKey: any; onMade(k: any): void }) {
  const [grace, setGrace] = useState('0');
  const { busy, error, run } = useAction();
  const roll = () =>
    run(async () => {
      onMade(await api.post(`/v1/recur/api_keys/${apiKey.id}/roll`, apiKey.type === 'publishable' ? {} : { expires_in: Number(grace) }));
    });
  return (
    <Stack>
      <Text size="sm">A new key replaces {apiKey.redacted}.</Text>
      {apiKey.type !== 'publishable' ? (
        <Select
          label="The old key stops working"
          value={grace}
          onChange={(v) => setGrace(v ?? '0')}
          data={GRACE}
          allowDeselect={false}
          error={fieldError(error, 'expires_in')}
        />
      ) : null}
      <FormError error={error} fields={['expires_in']} />
      <Button onClick={roll} loading={busy}>
        Roll key
      </Button>
    </Stack>
  );
}
