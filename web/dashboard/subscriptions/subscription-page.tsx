// One subscription: items, the upcoming invoice, change of plan or quantity with a proration
// preview, pause/resume collection, cancel now or at period end, its invoices and events.
import { useState } from 'react';
import { Button, Grid, Group, Modal, NumberInput, Select, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useDebounced, useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { date, money } from '../../shared/format.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, Facts, Loading, PageHeader, Panel, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { InvoiceTable } from '../invoices/invoice-table.tsx';
import { PreviewPanel } from '../invoices/invoice-preview.tsx';
import { Timeline } from '../timeline.tsx';
import { loadRecurringPrices, priceLabel } from '../prices.ts';
import { DunningTimeline } from './dunning-timeline.tsx';

export function SubscriptionPage({ id }: { id: string }) {
  const { canWrite } = useSession();
  const sub = useLoad(() => api.get(`/v1/subscriptions/${id}`, { expand: ['customer', 'items.data.price.product'] }), [id]);
  const invoices = useLoad(() => api.get('/v1/invoices', { subscription: id, limit: 50 }), [id]);
  const upcoming = useLoad(
    () => (sub.data && sub.data.status !== 'canceled' ? api.post('/v1/invoices/create_preview', { subscription: id }) : Promise.resolve(null)),
    [id, sub.data],
  );
  const [changing, change] = useDisclosure();
  const { pending, error, run } = useAction();
  if (sub.error) return <ErrorAlert error={sub.error} />;
  if (!sub.data) return <Loading label="Loading subscription" />;
  const s = sub.data;
  const c = s.customer;
  const act = (label: string, change: () => Promise<unknown>, confirm?: string) => () =>
    run(
      async () => {
        await change();
        sub.reload();
        invoices.reload();
      },
      { label, confirm },
    );
  const live = s.status !== 'canceled' && s.status !== 'incomplete_expired';
  const item = s.items.data[0];
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span>Subscription</span>
            <StatusBadge status={s.status} />
          </Group>
        }
        subtitle={
          <>
            <Link to={`/customers/${c.id}`}>{c.name || c.email || c.id}</Link> · <Text ff="monospace" size="xs" span>{s.id}</Text>
          </>
        }
      >
        {canWrite && live ? (
          <>
            <Button variant="default" onClick={change.open}>
              Change plan or quantity
            </Button>
            {s.pause_collection ? (
              <Button variant="default" loading={pending === 'resume'} onClick={act('resume', () => api.post(`/v1/subscriptions/${id}`, { pause_collection: '' }))}>
                Resume collection
              </Button>
            ) : (
              <Button variant="default" loading={pending === 'pause'} onClick={act('pause', () => api.post(`/v1/subscriptions/${id}`, { pause_collection: { behavior: 'void' } }))}>
                Pause collection
              </Button>
            )}
            {s.cancel_at_period_end ? (
              <Button variant="default" loading={pending === 'keep'} onClick={act('keep', () => api.post(`/v1/subscriptions/${id}`, { cancel_at_period_end: false }))}>
                Don't cancel
              </Button>
            ) : (
              <Button variant="default" color="red" loading={pending === 'end'} onClick={act('end', () => api.post(`/v1/subscriptions/${id}`, { cancel_at_period_end: true }))}>
                Cancel at period end
              </Button>
            )}
            <Button color="red" loading={pending === 'now'} onClick={act('now', () => api.del(`/v1/subscriptions/${id}`), 'Cancel this subscription now? This cannot be undone.')}>
              Cancel now
            </Button>
          </>
        ) : null}
      </PageHeader>
      <ErrorAlert error={error} title="The change was refused" />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Panel title="Items">
            <DataTable
              label="Subscription items"
              rows={s.items.data}
              empty="No items."
              columns={[
                { header: 'Price', cell: (i: any) => priceLabel(i.price) },
                { header: 'Quantity', cell: (i: any) => (i.price.recurring?.usage_type === 'metered' ? 'metered' : i.quantity), numeric: true },
              ]}
            />
            <Facts
              rows={[
                ['Current period', `${date(item?.current_period_start)} – ${date(item?.current_period_end)}`],
                ['Collection', s.collection_method === 'send_invoice' ? `Send invoice, due in ${s.days_until_due} days` : 'Charge automatically'],
                ['Started', date(s.start_date)],
                ['Trial ends', date(s.trial_end)],
                ['Cancels', s.cancel_at_period_end ? `At period end (${date(s.cancel_at ?? item?.current_period_end)})` : s.cancel_at ? date(s.cancel_at) : '—'],
                ['Canceled', date(s.canceled_at && s.status === 'canceled' ? s.ended_at ?? s.canceled_at : null)],
                ['Collection paused', s.pause_collection ? `Yes (${s.pause_collection.behavior})` : 'No'],
              ]}
            />
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {live ? <PreviewPanel title="Upcoming invoice" preview={upcoming} /> : null}
        </Grid.Col>
      </Grid>
      <DunningTimeline subscription={s} />
      <Tabs defaultValue="invoices" mt="md" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="invoices">Invoices</Tabs.Tab>
          <Tabs.Tab value="events">Events</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="invoices" pt="sm">
          <InvoiceTable invoices={invoices.data?.data} />
        </Tabs.Panel>
        <Tabs.Panel value="events" pt="sm">
          <Timeline customer={c.id} related={s.id} />
        </Tabs.Panel>
      </Tabs>
      <Modal opened={changing} onClose={change.close} title="Change plan or quantity" size="xl">
        {changing ? (
          <ChangePlan
            sub={s}
            onDone={() => {
              change.close();
              sub.reload();
              invoices.reload();
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}

function ChangePlan({ sub, onDone }: { sub: any; onDone(): void }) {
  const item = sub.items.data.find((i: any) => i.price.recurring?.usage_type !== 'metered') ?? sub.items.data[0];
  const prices = useLoad(loadRecurringPrices, []);
  const [price, setPrice] = useState<string>(item.price.id);
  const [quantity, setQuantity] = useState<number>(item.quantity ?? 1);
  const [proration, setProration] = useState('create_prorations');
  const { busy, error, run } = useAction();
  const change = useDebounced({ price, quantity, proration }, 200);
  const items = [{ id: item.id, price: change.price, ...(item.price.recurring?.usage_type === 'metered' ? {} : { quantity: change.quantity }) }];
  const preview = useLoad(
    () => api.post('/v1/invoices/create_preview', { subscription: sub.id, subscription_details: { items, proration_behavior: change.proration } }),
    [change.price, change.quantity, change.proration],
  );
  const apply = () =>
    run(async () => {
      await api.post(`/v1/subscriptions/${sub.id}`, { items, proration_behavior: proration });
      onDone();
    });
  return (
    <Stack>
      <Group grow align="flex-start">
        <Select label="Price" data={prices.data ?? []} value={price} onChange={(v) => v && setPrice(v)} searchable allowDeselect={false} />
        <NumberInput label="Quantity" min={1} value={quantity} onChange={(v) => setQuantity(Number(v) || 1)} />
        <Select
          label="Proration"
          value={proration}
          onChange={(v) => v && setProration(v)}
          allowDeselect={false}
          data={[
            { value: 'create_prorations', label: 'Prorate on the next invoice' },
            { value: 'always_invoice', label: 'Prorate and invoice now' },
            { value: 'none', label: 'No proration' },
          ]}
        />
      </Group>
      <PreviewPanel title="Next invoice with this change" preview={preview} />
      <ErrorAlert error={error} title={null} />
      <Group justify="flex-end">
        <Text size="sm" c="dimmed">
          Now {money(item.price.unit_amount * (item.quantity ?? 1), sub.currency)} per {item.price.recurring?.interval}
        </Text>
        <Button onClick={apply} loading={busy}>
          Apply change
        </Button>
      </Group>
    </Stack>
  );
}
