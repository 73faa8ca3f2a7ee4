// The billing portal for one customer: subscriptions (cancel, resume, switch plan when allowed),
// the card on file (replace it), billing details, and invoices with their PDFs (pay an open one).
import { useMemo, useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { fieldError } from '../shared/api.ts';
import { useLoad } from '../shared/use-load.ts';
import { useAction } from '../shared/use-action.ts';
import { date, money } from '../shared/format.ts';
import { Empty, ErrorAlert, FormError, Loading, StatusBadge } from '../shared/ui.tsx';
import { CardForm } from '../shared/card-form.tsx';
import { portalClient } from './portal-api.ts';

export function Portal({ secret }: { secret: string }) {
  const api = useMemo(() => portalClient(secret), [secret]);
  const portal = useLoad(() => api.get('/v1/recur/portal'), [secret]);
  const [replacing, setReplacing] = useState(false);
  const [message, setMessage] = useState<string>();
  if (portal.error)
    return (
      <Alert color="red" title="This link does not open a billing portal" role="alert" mt="xl">
        {(portal.error as Error).message}
      </Alert>
    );
  if (!portal.data) return <Loading label="Loading your billing details" />;
  const p = portal.data;
  const f = p.features;
  const card = p.payment_methods.find((pm: any) => pm.id === p.customer.default_payment_method) ?? p.payment_methods[0];
  const done = (text: string) => {
    setMessage(text);
    portal.reload();
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            {p.business_name ?? 'Billing'}
          </Text>
          <Title order={2}>Your billing</Title>
        </Stack>
        {p.return_url ? (
          <Anchor href={p.return_url} size="sm">
            Return to site
          </Anchor>
        ) : null}
      </Group>
      {message ? (
        <Alert color="green" role="status" withCloseButton onClose={() => setMessage(undefined)}>
          {message}
        </Alert>
      ) : null}

      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Subscriptions
        </Title>
        {p.subscriptions.length ? (
          <Stack>
            {p.subscriptions.map((s: any) => (
              <SubscriptionCard key={s.id} sub={s} api={api} features={f} prices={p.prices} onDone={done} />
            ))}
          </Stack>
        ) : (
          <Empty>No subscriptions.</Empty>
        )}
      </Card>

      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Payment method
        </Title>
        {card ? (
          <Text>
            <Text span tt="capitalize">
              {card.card?.brand}
            </Text>{' '}
            ending in {card.card?.last4}, expires {card.card?.exp_month}/{card.card?.exp_year}
          </Text>
        ) : (
          <Text c="dimmed">No card on file.</Text>
        )}
        {f.payment_method_update.enabled ? (
          replacing ? (
            <Stack mt="sm">
              <CardForm
                submitLabel="Save new card"
                onSubmit={async (c) => {
                  await api.post('/v1/recur/portal/payment_methods', { card: c });
                  setReplacing(false);
                  done('Your card was saved and will be used for future payments.');
                }}
              />
              <Button variant="subtle" onClick={() => setReplacing(false)}>
                Keep the current card
              </Button>
            </Stack>
          ) : (
            <Button mt="sm" variant="light" onClick={() => setReplacing(true)}>
              {card ? 'Replace card' : 'Add card'}
            </Button>
          )
        ) : null}
      </Card>

      {f.customer_update.enabled ? <BillingDetails customer={p.customer} allowed={f.customer_update.allowed_updates} api={api} onDone={done} /> : null}

      {f.invoice_history.enabled ? (
        <Card withBorder>
          <Title order={3} size="h4" mb="xs">
            Invoices
          </Title>
          {p.invoices.length ? (
            <Stack gap="xs">
              {p.invoices.map((i: any) => (
                <InvoiceRow key={i.id} invoice={i} api={api} onDone={done} />
              ))}
            </Stack>
          ) : (
            <Empty>No invoices yet.</Empty>
          )}
        </Card>
      ) : null}
    </Stack>
  );
}

function SubscriptionCard({ sub, api, features, prices, onDone }: { sub: any; api: any; features: any; prices: any[]; onDone(m: string): void }) {
  const action = useAction();
  const [price, setPrice] = useState<string | null>(null);
  const item = sub.items.data[0];
  const live = !['canceled', 'incomplete_expired'].includes(sub.status);
  const immediately = features.subscription_cancel.mode === 'immediately';
  const choices = prices.filter((p) => p.id !== item?.price?.id).map((p) => ({ value: p.id, label: `${p.nickname ?? p.id} — ${money(p.unit_amount, p.currency)} / ${p.recurring?.interval}` }));
  return (
    <Card withBorder padding="sm" radius="sm">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{sub.items.data.map((i: any) => i.price?.nickname ?? i.price?.id).join(', ')}</Text>
        <StatusBadge status={sub.status} />
      </Group>
      <Text size="sm" c="dimmed">
        {sub.items.data.map((i: any) => `${money(i.price?.unit_amount, sub.currency)} / ${i.price?.recurring?.interval}${i.quantity > 1 ? ` × ${i.quantity}` : ''}`).join(' + ')}
      </Text>
      {live ? (
        <Text size="sm">{sub.cancel_at_period_end ? `Ends on ${date(item?.current_period_end)}` : `Renews on ${date(item?.current_period_end)}`}</Text>
      ) : (
        <Text size="sm">Ended {date(sub.ended_at ?? sub.canceled_at)}</Text>
      )}
      <ErrorAlert error={action.error} title="That did not work" />
      {live ? (
        <Stack gap="xs" mt="xs">
          {features.subscription_update.enabled && choices.length ? (
            <Group align="flex-end" wrap="wrap">
              <Select label="Switch plan" placeholder="Choose a plan" data={choices} value={price} onChange={setPrice} style={{ flex: 1, minWidth: 200 }} />
              <Button variant="light" disabled={!price} loading={action.busy} onClick={() => action.run(async () => (await api.post(`/v1/recur/portal/subscriptions/${sub.id}/switch`, { price }), onDone('Your plan was changed.')))}>
                Switch
              </Button>
            </Group>
          ) : null}
          {sub.cancel_at_period_end ? (
            <Button variant="light" loading={action.busy} onClick={() => action.run(async () => (await api.post(`/v1/recur/portal/subscriptions/${sub.id}/resume`), onDone('Your subscription will continue.')))}>
              Resume subscription
            </Button>
          ) : features.subscription_cancel.enabled ? (
            <Button
              variant="outline"
              color="red"
              loading={action.busy}
              onClick={() =>
                action.run(
                  async () => {
                    await api.post(`/v1/recur/portal/subscriptions/${sub.id}/cancel`);
                    onDone(immediately ? 'Your subscription was canceled.' : 'Your subscription will end at the end of the period.');
                  },
                  { confirm: immediately ? 'Cancel now?' : 'Cancel at the end of the current period?' },
                )
              }
            >
              Cancel subscription
            </Button>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}

function InvoiceRow({ invoice: i, api, onDone }: { invoice: any; api: any; onDone(m: string): void }) {
  const action = useAction();
  return (
    <Card withBorder padding="xs" radius="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {money(i.total, i.currency)}{' '}
            <Text span size="xs" c="dimmed">
              {date(i.created)}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {i.number ?? i.id}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <StatusBadge status={i.status} />
          {i.invoice_pdf ? (
            <Anchor href={i.invoice_pdf} size="sm" target="_blank" aria-label={`Download PDF of invoice ${i.number ?? i.id}`}>
              PDF
            </Anchor>
          ) : null}
        </Group>
      </Group>
      {i.status === 'open' ? (
        <Button
          mt="xs"
          size="sm"
          fullWidth
          loading={action.busy}
          onClick={() => action.run(async () => (await api.post(`/v1/recur/portal/invoices/${i.id}/pay`), onDone(`Invoice ${i.number ?? ''} was paid.`)))}
        >
          Pay {money(i.amount_remaining, i.currency)}
        </Button>
      ) : null}
      <ErrorAlert error={action.error} title="Payment failed" />
    </Card>
  );
}

function BillingDetails({ customer, allowed, api, onDone }: { customer: any; allowed: string[]; api: any; onDone(m: string): void }) {
  const a = customer.address ?? {};
  const [v, setV] = useState({ name: customer.name ?? '', email: customer.email ?? '', phone: customer.phone ?? '', line1: a.line1 ?? '', city: a.city ?? '', postal_code: a.postal_code ?? '', country: a.country ?? '' });
  const action = useAction();
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const k of ['name', 'email', 'phone'] as const) if (allowed.includes(k)) body[k] = v[k];
    if (allowed.includes('address')) body.address = { line1: v.line1, city: v.city, postal_code: v.postal_code, country: v.country };
    action.run(async () => (await api.post('/v1/recur/portal/customer', body), onDone('Your billing details were saved.')));
  };
  const err = (p: string) => fieldError(action.error, p);
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        Billing details
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          {allowed.includes('name') ? <TextInput label="Name" value={v.name} onChange={set('name')} error={err('name')} /> : null}
          {allowed.includes('email') ? <TextInput label="Billing email" type="email" value={v.email} onChange={set('email')} error={err('email')} /> : null}
          {allowed.includes('phone') ? <TextInput label="Phone" value={v.phone} onChange={set('phone')} error={err('phone')} /> : null}
          {allowed.includes('address') ? (
            <>
              <TextInput label="Address" value={v.line1} onChange={set('line1')} error={err('address[line1]')} />
              <Group grow>
                <TextInput label="City" value={v.city} onChange={set('city')} error={err('address[city]')} />
                <TextInput label="Postal code" value={v.postal_code} onChange={set('postal_code')} error={err('address[postal_code]')} />
              </Group>
              <TextInput label="Country" value={v.country} onChange={set('country')} error={err('address[country]')} />
            </>
          ) : null}
          <FormError error={action.error} fields={['name', 'email', 'phone', 'address']} title={null} />
          <Button type="submit" loading={action.busy}>
            Save billing details
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

