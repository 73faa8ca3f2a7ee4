// A subscription's collection history: every payment attempt on its invoices (time, amount,
// outcome), each invoice's next scheduled retry, and the subscription's status changes, in order.
import { Badge, Text, Timeline } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime, money } from '../../shared/format.ts';
import { Empty, ErrorAlert, Loading, Panel } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { Link } from '../router.tsx';

interface Entry {
  at: number;
  key: string;
  kind: 'attempt' | 'retry' | 'status';
  ok?: boolean;
  title: string;
  detail: string;
  invoice?: string;
}

async function loadDunning(sub: any): Promise<Entry[]> {
  const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
  const [invoices, events] = await Promise.all([
    api.get('/v1/invoices', { subscription: sub.id, limit: 12, expand: ['data.payments'] }),
    api.get(`/v1/recur/customers/${customer}/timeline`, { related: sub.id, limit: 100 }),
  ]);
  const entries: Entry[] = [];
  await Promise.all(
    invoices.data.map(async (inv: any) => {
      const label = `Invoice ${inv.number ?? inv.id}`;
      const intents = [...new Set((inv.payments?.data ?? []).map((p: any) => p.payment?.payment_intent).filter(Boolean))] as string[];
      const charges = (await Promise.all(intents.map((pi) => api.get('/v1/charges', { payment_intent: pi, limit: 100 })))).flatMap((c) => c.data);
      for (const c of charges) {
        const ok = c.status === 'succeeded';
        entries.push({
          at: c.created,
          key: c.id,
          kind: 'attempt',
          ok,
          title: `${ok ? 'Paid' : 'Payment failed'}: ${money(c.amount, c.currency)}`,
          detail: ok ? label : `${label} · ${c.failure_message ?? c.outcome?.seller_message ?? 'declined'}`,
          invoice: inv.id,
        });
      }
      if (inv.status === 'open' && inv.next_payment_attempt) {
        entries.push({ at: inv.next_payment_attempt, key: `${inv.id}:next`, kind: 'retry', title: `Next attempt (attempt ${(inv.attempt_count ?? 0) + 1})`, detail: `${label} · ${money(inv.amount_remaining, inv.currency)} due`, invoice: inv.id });
      }
    }),
  );
  for (const e of events.data) {
    const previous = e.data?.previous_attributes?.status;
    const status = e.data?.object?.status;
    if (e.type.startsWith('customer.subscription.') && e.data?.object?.id === sub.id && (previous || e.type !== 'customer.subscription.updated')) {
      const what = e.type === 'customer.subscription.created' ? `Created as ${status}` : e.type === 'customer.subscription.deleted' ? 'Canceled' : `Status ${previous} → ${status}`;
      entries.push({ at: e.created, key: e.id, kind: 'status', title: what.replace(/_/g, ' '), detail: e.type });
    }
  }
  return entries.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

export function DunningTimeline({ subscription }: { subscription: any }) {
  const data = useLoad(() => loadDunning(subscription), [subscription]);
  return (
    <Panel title="Payment attempts and status" mt="md" role="region" aria-label="Dunning timeline">
      <ErrorAlert error={data.error} />
      {!data.data ? (
        data.error ? null : <Loading label="Loading payment attempts" />
      ) : data.data.length ? (
        <Timeline bulletSize={14} lineWidth={2} active={data.data.filter((e) => e.kind !== 'retry').length - 1}>
          {data.data.map((e) => (
            <Timeline.Item
              key={e.key}
              color={e.kind === 'attempt' ? (e.ok ? 'green' : 'red') : e.kind === 'retry' ? 'gray' : 'blue'}
              title={
                <Text size="sm" fw={500}>
                  {e.title} {e.kind === 'retry' ? <Badge size="xs" variant="light">scheduled</Badge> : null}
                </Text>
              }
            >
              <Text size="xs" c="dimmed">
                {dateTime(e.at)} · {e.invoice ? <Link to={`/invoices/${e.invoice}`}>{e.detail}</Link> : e.detail}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      ) : (
        <Empty>No payment attempts yet.</Empty>
      )}
    </Panel>
  );
}
