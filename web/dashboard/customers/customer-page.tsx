// One customer: details with tax ids, subscriptions (and one-click subscribe from a template),
// invoices, payment methods, balance with its transactions (and adjustments), and the timeline of
// their events.
import { useState } from 'react';
import { Badge, Button, Grid, Group, Modal, Select, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { date, money, taxIdText } from '../../shared/format.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { Empty, ErrorAlert, Facts, Loading, PageHeader, Panel, StatusBadge } from '../../shared/ui.tsx';
import { CreditsUsagePanel } from './credits-usage-panel.tsx';
import { api, useSession } from '../session.tsx';
import { Link, navigate } from '../router.tsx';
import { CustomerForm } from './customer-form.tsx';
import { AddCard } from './add-card.tsx';
import { BalanceAdjustment } from './balance-adjustment.tsx';
import { InvoiceTable } from '../invoices/invoice-table.tsx';
import { SubscriptionTable } from '../subscriptions/subscription-table.tsx';
import { Timeline } from '../timeline.tsx';

export function CustomerPage({ id }: { id: string }) {
  const { canWrite } = useSession();
  const customer = useLoad(() => api.get(`/v1/customers/${id}`), [id]);
  const subs = useLoad(() => api.get('/v1/subscriptions', { customer: id, status: 'all', limit: 100 }), [id]);
  const invoices = useLoad(() => api.get('/v1/invoices', { customer: id, limit: 100 }), [id]);
  const cards = useLoad(() => api.get(`/v1/customers/${id}/payment_methods`, { limit: 100 }), [id]);
  const balance = useLoad(() => api.get(`/v1/customers/${id}/balance_transactions`, { limit: 100 }), [id]);
  const taxIds = useLoad(() => api.get(`/v1/customers/${id}/tax_ids`, { limit: 100 }), [id]);
  const [editing, edit] = useDisclosure();
  const [adding, addCard] = useDisclosure();
  if (customer.error) return <ErrorAlert error={customer.error} />;
  if (!customer.data) return <Loading label="Loading customer" />;
  const c = customer.data;
  const reloadAll = () => {
    customer.reload();
    subs.reload();
    invoices.reload();
    cards.reload();
    balance.reload();
    taxIds.reload();
  };
  const defaultPm = c.invoice_settings?.default_payment_method;
  const addr = c.address ? [c.address.line1, c.address.line2, c.address.postal_code, c.address.city, c.address.state, c.address.country].filter(Boolean).join(', ') : '—';
  return (
    <>
      <PageHeader title={c.name || c.email || c.id} subtitle={<Text ff="monospace" size="xs" span>{c.id}</Text>}>
        {canWrite ? (
          <>
            <Button variant="default" onClick={edit.open} disabled={!taxIds.data || !cards.data}>
              Edit customer
            </Button>
            <Button variant="default" onClick={() => navigate(`/subscriptions/new?customer=${c.id}`)}>
              New subscription
            </Button>
            <PortalButton customer={c.id} />
          </>
        ) : null}
      </PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Panel title="Details">
            <Facts
              rows={[
                ['Email', c.email ?? '—'],
                ['Phone', c.phone ?? '—'],
                ['Billing address', addr],
                ['Tax status', c.tax_exempt],
                [
                  'Tax IDs',
                  taxIds.data?.data.length ? (
                    <Stack gap={0} key="t" aria-label="Tax IDs">
                      {taxIds.data.data.map((t: any) => (
                        <Text size="sm" key={t.id}>
                          {taxIdText(t)}
                          {t.country ? <Text span size="xs" c="dimmed">{` · ${t.country}`}</Text> : null}
                        </Text>
                      ))}
                    </Stack>
                  ) : (
                    '—'
                  ),
                ],
                ['Currency', c.currency?.toUpperCase() ?? 'Not set: a balance adjustment sets it'],
                ['Balance', <Text span fw={600} key="b">{money(c.balance, c.currency ?? 'usd')}{c.balance < 0 ? ' credit' : ''}</Text>],
                ['Created', date(c.created)],
                ['Metadata', Object.entries(c.metadata ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ') || '—'],
              ]}
            />
          </Panel>
          {canWrite ? <FromTemplate customer={c} onCreated={(s) => navigate(`/subscriptions/${s.id}`)} /> : null}
          <Panel
            title="Payment methods"
            mt="md"
            actions={
              canWrite ? (
                <Button size="xs" variant="light" onClick={addCard.open}>
                  Add card
                </Button>
              ) : null
            }
          >
            {cards.data?.data.length ? (
              <Stack gap={4}>
                {cards.data.data.map((pm: any) => (
                  <Group key={pm.id} gap="xs">
                    <Text size="sm" tt="capitalize">
                      {pm.card?.brand} •••• {pm.card?.last4}
                    </Text>
                    <Text size="sm" c="dimmed">
                      expires {pm.card?.exp_month}/{pm.card?.exp_year}
                    </Text>
                    {pm.id === defaultPm ? <Badge size="xs">Default</Badge> : null}
                  </Group>
                ))}
              </Stack>
            ) : (
              <Empty>No payment method. Subscriptions that charge automatically need one.</Empty>
            )}
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Tabs defaultValue="subscriptions" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="subscriptions">Subscriptions</Tabs.Tab>
              <Tabs.Tab value="invoices">Invoices</Tabs.Tab>
              <Tabs.Tab value="balance">Balance</Tabs.Tab>
              <Tabs.Tab value="credits">Credits and usage</Tabs.Tab>
              <Tabs.Tab value="events">Events</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="subscriptions" pt="sm">
              <SubscriptionTable rows={subs.data?.data.map((s: any) => ({ subscription: s, customer: c }))} hideCustomer />
            </Tabs.Panel>
            <Tabs.Panel value="invoices" pt="sm">
              <InvoiceTable invoices={invoices.data?.data} />
            </Tabs.Panel>
            <Tabs.Panel value="balance" pt="sm">
              {canWrite ? <BalanceAdjustment customer={c} onAdjusted={reloadAll} /> : null}
              <DataTable
                label="Balance transactions"
                rows={balance.data?.data}
                empty="No balance transactions."
                columns={[
                  { header: 'Date', cell: (t: any) => date(t.created) },
                  { header: 'Type', cell: (t: any) => t.type },
                  { header: 'Description', cell: (t: any) => t.description ?? (t.invoice ? <Link to={`/invoices/${t.invoice}`}>{t.invoice}</Link> : '—') },
                  { header: 'Amount', cell: (t: any) => money(t.amount, t.currency), numeric: true },
                  { header: 'Balance after', cell: (t: any) => money(t.ending_balance, t.currency), numeric: true },
                ]}
              />
            </Tabs.Panel>
            <Tabs.Panel value="credits" pt="sm">
              <CreditsUsagePanel customer={c} />
            </Tabs.Panel>
            <Tabs.Panel value="events" pt="sm">
              <Timeline customer={c.id} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
      <Modal opened={editing} onClose={edit.close} title="Edit customer" size="lg">
        <CustomerForm
          customer={c}
          taxIds={taxIds.data?.data ?? []}
          cards={cards.data?.data ?? []}
          onCancel={() => {
            edit.close();
            taxIds.reload();
          }}
          onSaved={() => {
            edit.close();
            customer.reload();
            taxIds.reload();
          }}
        />
      </Modal>
      <Modal opened={adding} onClose={addCard.close} title="Add a card">
        <AddCard
          customer={c.id}
          onAdded={() => {
            addCard.close();
            reloadAll();
          }}
        />
      </Modal>
    </>
  );
}

function FromTemplate({ customer, onCreated }: { customer: any; onCreated(s: any): void }) {
  const templates = useLoad(() => api.get('/v1/recur/subscription_templates', { active: true, limit: 100 }), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  if (!templates.data?.data.length) return null;
  const create = () => run(async () => onCreated(await api.post(`/v1/recur/subscription_templates/${chosen}/subscribe`, { customer: customer.id })));
  return (
    <Panel title="Subscribe from a template" mt="md">
      <Group align="flex-end">
        <Select
          label="Template"
          placeholder="Choose a template"
          data={templates.data.data.map((t: any) => ({ value: t.id, label: t.name }))}
          value={chosen}
          onChange={setChosen}
          style={{ flex: 1 }}
        />
        <Button onClick={create} disabled={!chosen} loading={busy}>
          Create subscription
        </Button>
      </Group>
      <ErrorAlert error={error} title={null} mt="sm" />
    </Panel>
  );
}

function PortalButton({ customer }: { customer: string }) {
  const { busy, run } = useAction();
  const open = () =>
    run(async () => {
      const s = await api.post('/v1/billing_portal/sessions', { customer, return_url: location.href });
      window.open(s.url, '_blank', 'noopener');
    });
  return (
    <Button variant="default" onClick={open} loading={busy}>
      Open customer portal
    </Button>
  );
}

