// Create a subscription: customer, items with quantities, trial, start date, billing anchor, coupon,
// tax rates, collection method and payment terms, with a live preview of the first invoice.
import { useState } from 'react';
import { Alert, Grid, Group, MultiSelect, NumberInput, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { useDebounced, useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { toUnix } from '../../shared/format.ts';
import { FormFooter, PageHeader } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { Link, navigate, usePath } from '../router.tsx';
import { PreviewPanel } from '../invoices/invoice-preview.tsx';
import { loadRecurringPrices } from '../prices.ts';
import { NEW_ITEM, PriceItemsInput, toItems, type PriceItem } from './price-items-input.tsx';

export function CustomerPicker({ value, onChange, error }: { value: string | null; onChange(id: string | null, customer?: any): void; error?: string }) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 120);
  const found = useLoad(() => api.get('/v1/recur/customers/lookup', { query: q, limit: 20 }), [q]);
  const options = (found.data?.data ?? []).map((c: any) => ({ value: c.id, label: `${c.name ?? c.email ?? c.id} (${c.email ?? c.id})`, c }));
  return (
    <Select
      label="Customer"
      placeholder="Search by name, email or id"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      value={value}
      filter={({ options }) => options}
      onChange={(v) => onChange(v, options.find((o: any) => o.value === v)?.c)}
      error={error}
      nothingFoundMessage="No customer found"
    />
  );
}

export function NewSubscriptionPage() {
  const { search } = usePath();
  const [customerId, setCustomerId] = useState<string | null>(search.get('customer'));
  const customer = useLoad(() => (customerId ? api.get(`/v1/customers/${customerId}`) : Promise.resolve(null)), [customerId]);
  const prices = useLoad(loadRecurringPrices, []);
  const coupons = useLoad(() => api.get('/v1/coupons', { limit: 100 }), []);
  const taxRates = useLoad(() => api.get('/v1/tax_rates', { active: true, limit: 100 }), []);
  const [items, setItems] = useState<PriceItem[]>([NEW_ITEM]);
  const [trialDays, setTrialDays] = useState<number | ''>('');
  const [startDate, setStartDate] = useState('');
  const [anchorDate, setAnchorDate] = useState('');
  const [coupon, setCoupon] = useState<string | null>(null);
  const [rates, setRates] = useState<string[]>([]);
  const [collection, setCollection] = useState('charge_automatically');
  const [daysUntilDue, setDaysUntilDue] = useState<number>(30);
  const { busy, error, run, refuse } = useAction();

  const chosen = toItems(prices.data ?? [], items);
  const terms = {
    ...(trialDays ? { trial_period_days: trialDays } : {}),
    ...(startDate ? { backdate_start_date: toUnix(startDate) } : {}),
    ...(anchorDate ? { billing_cycle_anchor: toUnix(anchorDate) } : {}),
    ...(coupon ? { discounts: [{ coupon }] } : {}),
    ...(rates.length ? { default_tax_rates: rates } : {}),
  };
  const previewInput = useDebounced(JSON.stringify({ customerId, chosen, terms }), 250);
  const preview = useLoad(() => {
    if (!customerId || !chosen.length) return Promise.resolve(undefined);
    return api.post('/v1/invoices/create_preview', {
      customer: customerId,
      ...(coupon ? { discounts: [{ coupon }] } : {}),
      subscription_details: {
        items: chosen,
        ...(startDate ? { start_date: toUnix(startDate) } : {}),
        ...(anchorDate ? { billing_cycle_anchor: toUnix(anchorDate) } : {}),
        ...(rates.length ? { default_tax_rates: rates } : {}),
      },
    });
  }, [previewInput]);

  const noCard = collection === 'charge_automatically' && customer.data && !customer.data.invoice_settings?.default_payment_method;
  const create = () => {
    if (!customerId) return refuse('customer', 'Choose a customer.');
    if (noCard)
      return refuse(
        'customer',
        `${customer.data.name ?? customer.data.id} has no payment method, so nothing can be charged automatically. Add a card on the customer's page, or choose “Send invoice”.`,
      );
    if (!chosen.length) return refuse('items', 'Add at least one price.');
    return run(async () => {
      const s = await api.post('/v1/subscriptions', {
        customer: customerId,
        items: chosen,
        collection_method: collection,
        ...(collection === 'send_invoice' ? { days_until_due: daysUntilDue } : {}),
        ...terms,
      });
      navigate(`/subscriptions/${s.id}`);
    });
  };
  return (
    <>
      <PageHeader title="New subscription" />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <CustomerPicker value={customerId} onChange={(v) => setCustomerId(v)} error={fieldError(error, 'customer')} />
              {customer.data ? (
                <Text size="sm" c="dimmed">
                  {customer.data.name} · {customer.data.email} · <Link to={`/customers/${customer.data.id}`}>open customer</Link>
                </Text>
              ) : null}
              <Title order={5}>Items</Title>
              <PriceItemsInput
                prices={prices.data ?? []}
                items={items}
                onChange={setItems}
                error={error}
                labels={{ price: 'Price', quantity: 'Quantity', remove: 'Remove price', add: 'Add another price' }}
                quantityWidth={110}
              />
              <Group grow>
                <NumberInput label="Trial days" min={0} value={trialDays} onChange={(v) => setTrialDays(v === '' ? '' : Number(v))} error={fieldError(error, 'trial_period_days')} />
                <TextInput label="Start date (backdate)" type="date" value={startDate} onChange={(e) => setStartDate(e.currentTarget.value)} error={fieldError(error, 'backdate_start_date')} />
                <TextInput label="Billing anchor" type="date" value={anchorDate} onChange={(e) => setAnchorDate(e.currentTarget.value)} error={fieldError(error, 'billing_cycle_anchor')} />
              </Group>
              <Group grow>
                <Select
                  label="Coupon"
                  clearable
                  data={(coupons.data?.data ?? []).filter((c: any) => c.valid).map((c: any) => ({ value: c.id, label: c.name ?? c.id }))}
                  value={coupon}
                  onChange={setCoupon}
                  error={fieldError(error, 'discounts')}
                />
                <MultiSelect
                  label="Tax rates"
                  data={(taxRates.data?.data ?? []).map((t: any) => ({ value: t.id, label: `${t.display_name} ${t.percentage}%${t.inclusive ? ' incl.' : ''}` }))}
                  value={rates}
                  onChange={setRates}
                  error={fieldError(error, 'default_tax_rates')}
                />
              </Group>
              <Group grow>
                <Select
                  label="Collection method"
                  value={collection}
                  onChange={(v) => v && setCollection(v)}
                  allowDeselect={false}
                  data={[
                    { value: 'charge_automatically', label: 'Charge the default card automatically' },
                    { value: 'send_invoice', label: 'Send invoice' },
                  ]}
                />
                <NumberInput label="Payment terms (days)" min={0} disabled={collection !== 'send_invoice'} value={daysUntilDue} onChange={(v) => setDaysUntilDue(Number(v) || 0)} error={fieldError(error, 'days_until_due')} />
              </Group>
              {noCard ? (
                <Alert color="yellow" title="No payment method">
                  This customer has no default card. Add one on the customer's page or choose “Send invoice”.
                </Alert>
              ) : null}
              <FormFooter error={error} fields={['customer', 'items']} title={null} submit={create} busy={busy}>
                Create subscription
              </FormFooter>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          {customerId && chosen.length ? <PreviewPanel title={trialDays ? 'First paid invoice, after the trial (preview)' : 'First invoice (preview)'} preview={preview} /> : <Text c="dimmed">Choose a customer and a price to see the first invoice.</Text>}
        </Grid.Col>
      </Grid>
    </>
  );
}
