// Webhook delivery attempts: when, which event (and endpoint), the answer's status and duration,
// the first bytes of the answer or the error, and a Resend button per event.
import { useState } from 'react';
import { Badge, Button, Table, Text } from '@mantine/core';
import { dateTime } from '../../shared/format.ts';
import { ErrorAlert } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';

export function AttemptsTable({ attempts, label, showEndpoint, onResent }: { attempts: any[]; label: string; showEndpoint?: boolean; onResent?(): void }) {
  const { canWrite } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const [resent, setResent] = useState<Set<string>>(new Set());
  const resend = async (a: any) => {
    const key = `${a.event}:${a.webhook_endpoint}`;
    setBusy(key);
    setError(undefined);
    try {
      await api.post(`/v1/recur/events/${a.event}/resend`, { webhook_endpoint: a.webhook_endpoint });
      setResent(new Set([...resent, key]));
      onResent?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <ErrorAlert error={error} title="Could not resend" />
      <Table aria-label={label} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Attempted</Table.Th>
            <Table.Th>{showEndpoint ? 'Endpoint' : 'Event'}</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th ta="right">Duration</Table.Th>
            <Table.Th>Response</Table.Th>
            {canWrite ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attempts.map((a) => {
            const key = `${a.event}:${a.webhook_endpoint}`;
            return (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Text size="sm">{dateTime(a.created)}</Text>
                  <Text size="xs" c="dimmed">
                    attempt {a.attempt}
                    {a.next_attempt_at ? ` · next ${dateTime(a.next_attempt_at)}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {showEndpoint ? (
                    <Link to={`/developers/webhooks/${a.webhook_endpoint}`}>{a.url}</Link>
                  ) : (
                    <Link to={`/developers/events/${a.event}`}>{a.event_type}</Link>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={a.succeeded ? 'green' : 'red'} variant="light" radius="sm" aria-label={`Result ${a.succeeded ? 'delivered' : 'failed'} ${a.status_code ?? ''}`.trim()}>
                    {a.status_code ?? 'no answer'} {a.succeeded ? 'delivered' : 'failed'}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{a.duration_ms} ms</Table.Td>
                <Table.Td maw={320}>
                  <Text size="xs" ff="monospace" lineClamp={2} title={a.error ?? a.response_body ?? ''}>
                    {a.error ?? a.response_body ?? ''}
                  </Text>
                </Table.Td>
                {canWrite ? (
                  <Table.Td>
                    <Button size="xs" variant="light" loading={busy === key} disabled={resent.has(key)} onClick={() => resend(a)} aria-label={`Resend ${a.event_type} ${a.event}`}>
                      {resent.has(key) ? 'Queued' : 'Resend'}
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </>
  );
}
