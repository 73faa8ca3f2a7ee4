// Webhook delivery attempts: when, which event (and endpoint), the answer's status and duration,
// the first bytes of the answer or the error, and a Resend button per event.
import { useState, type ReactNode } from 'react';
import { Badge, Button, Text } from '@mantine/core';
import { dateTime } from '../../shared/format.ts';
import { useAction } from '../../shared/use-action.ts';
import { DataTable, type Column } from '../../shared/data-table.tsx';
import { ErrorAlert } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';

export function AttemptsTable(props: { attempts: any[] | undefined; loadError?: unknown; label: string; empty: ReactNode; showEndpoint?: boolean; onResent?(): void }) {
  const { attempts, label, showEndpoint, onResent } = props;
  const { canWrite } = useSession();
  const { pending, error, run } = useAction();
  const [resent, setResent] = useState<Set<string>>(new Set());
  const keyOf = (a: any) => `${a.event}:${a.webhook_endpoint}`;
  const resend = (a: any) =>
    run(
      async () => {
        await api.post(`/v1/recur/events/${a.event}/resend`, { webhook_endpoint: a.webhook_endpoint });
        setResent(new Set([...resent, keyOf(a)]));
        onResent?.();
      },
      { label: keyOf(a) },
    );
  const columns: Array<Column<any>> = [
    {
      header: 'Attempted',
      cell: (a) => (
        <>
          <Text size="sm">{dateTime(a.created)}</Text>
          <Text size="xs" c="dimmed">
            attempt {a.attempt}
            {a.next_attempt_at ? ` · next ${dateTime(a.next_attempt_at)}` : ''}
          </Text>
        </>
      ),
    },
    {
      header: showEndpoint ? 'Endpoint' : 'Event',
      cell: (a) => (showEndpoint ? <Link to={`/developers/webhooks/${a.webhook_endpoint}`}>{a.url}</Link> : <Link to={`/developers/events/${a.event}`}>{a.event_type}</Link>),
    },
    {
      header: 'Result',
      cell: (a) => (
        <Badge color={a.succeeded ? 'green' : 'red'} variant="light" radius="sm" aria-label={`Result ${a.succeeded ? 'delivered' : 'failed'} ${a.status_code ?? ''}`.trim()}>
          {a.status_code ?? 'no answer'} {a.succeeded ? 'delivered' : 'failed'}
        </Badge>
      ),
    },
    { header: 'Duration', cell: (a) => `${a.duration_ms} ms`, numeric: true },
    {
      header: 'Response',
      maw: 320,
      cell: (a) => (
        <Text size="xs" ff="monospace" lineClamp={2} title={a.error ?? a.response_body ?? ''}>
          {a.error ?? a.response_body ?? ''}
        </Text>
      ),
    },
  ];
  if (canWrite)
    columns.push({
      cell: (a) => (
        <Button size="xs" variant="light" loading={pending === keyOf(a)} disabled={resent.has(keyOf(a))} onClick={() => resend(a)} aria-label={`Resend ${a.event_type} ${a.event}`}>
          {resent.has(keyOf(a)) ? 'Queued' : 'Resend'}
        </Button>
      ),
    });
  return (
    <>
      <ErrorAlert error={error} title="Could not resend" />
      <DataTable label={label} rows={attempts} error={props.loadError} empty={props.empty} columns={columns} verticalSpacing="xs" />
    </>
  );
}
