// One charge: amount, status, refunds and the invoice it paid, and its disputes (evidence, submit,
// accept). Reached from an invoice's payments and from the Disputes list.
import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime, money } from '../../shared/format.ts';
import { Empty, ErrorAlert, Facts, Loading, PageHeader, StatusBadge } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { Link } from '../router.tsx';
import { DisputePanel } from './dispute-panel.tsx';

export function ChargePage({ id }: { id: string }) {
  const charge = useLoad(() => api.get(`/v1/charges/${id}`), [id]);
  const disputes = useLoad(() => api.get('/v1/disputes', { charge: id, limit: 100 }), [id]);
  const intent = useLoad(() => (charge.data?.payment_intent ? api.get(`/v1/payment_intents/${charge.data.payment_intent}`) : Promise.resolve(null)), [charge.data?.payment_intent]);
  if (charge.error) return <ErrorAlert error={charge.error} />;
  if (!charge.data) return <Loading label="Loading charge" />;
  const c = charge.data;
  const reload = () => {
    charge.reload();
    disputes.reload();
  };
  const invoice = intent.data?.invoice ?? c.invoice;
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span>Charge {money(c.amount, c.currency)}</span>
            <StatusBadge status={c.status} />
          </Group>
        }
        subtitle={<Text ff="monospace" size="xs" span>{c.id}</Text>}
      />
      <Stack>
        <Paper withBorder p="md">
          <Facts
            rows={[
              ['Created', dateTime(c.created)],
              ['Customer', c.customer ? <Link key="c" to={`/customers/${c.customer}`}>{c.customer}</Link> : '—'],
              ...(invoice ? ([['Invoice', <Link key="i" to={`/invoices/${invoice}`}>{invoice}</Link>]] as Array<[string, JSX.Element]>) : []),
              ['Payment intent', c.payment_intent ?? '—'],
              ['Card', c.payment_method_details?.card ? `${c.payment_method_details.card.brand} •••• ${c.payment_method_details.card.last4}` : '—'],
              ['Captured', money(c.amount_captured, c.currency)],
              ['Refunded', money(c.amount_refunded, c.currency)],
              ['Disputed', c.disputed ? 'Yes' : 'No'],
              ['Failure', c.failure_message ?? '—'],
            ]}
          />
        </Paper>
        <Title order={3}>Disputes</Title>
        <ErrorAlert error={disputes.error} />
        {!disputes.data ? (
          disputes.error ? null : <Loading label="Loading disputes" />
        ) : disputes.data.data.length ? (
          disputes.data.data.map((d: any) => <DisputePanel key={`${d.id}:${d.status}:${d.evidence_details?.submission_count}`} dispute={d} onChanged={reload} />)
        ) : (
          <Empty>No disputes on this charge.</Empty>
        )}
      </Stack>
    </>
  );
}
