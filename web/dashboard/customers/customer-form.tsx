// Create or edit a customer: contact details, billing address, tax status and tax ids, invoice
// settings and metadata. Errors from the server appear next to the field they name. A new
// customer's tax ids go with its creation (`tax_id_data`); an existing customer's are added and
// removed through /v1/customers/:id/tax_ids before its other fields are saved.
import { useState, type FormEvent } from 'react';
import { Button, Grid, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { ApiError, fieldError } from '../../shared/api.ts';
import { api } from '../session.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { TaxIdFields, type TaxIdRow } from './tax-id-fields.tsx';
import { InvoiceSettingsFields, invoiceSettingsOf, invoiceSettingsParam } from './invoice-settings-fields.tsx';
import { useAction } from '../../shared/use-action.ts';
import { FormError } from '../../shared/ui.tsx';

/** The fields that show their own errors; any other error shows above the form. */
const FIELDS = ['name', 'email', 'phone', 'description', 'tax_exempt', 'invoice_settings[footer]', 'invoice_settings[default_payment_method]', 'metadata', 'test_clock'].concat(
  ['line1', 'line2', 'city', 'postal_code', 'state', 'country'].map((k) => `address[${k}]`),
  [0, 1, 2, 3].flatMap((i) => [`invoice_settings[custom_fields][${i}][name]`, `invoice_settings[custom_fields][${i}][value]`]),
);
/** The tax id fields of the form's rows, which show their own errors too. */
const taxIdFields = (rows: number) => Array.from({ length: rows }, (_, i) => [`tax_id_data[${i}][type]`, `tax_id_data[${i}][value]`]).flat();

/** A refusal of one new tax id, named as the i-th of `tax_id_data` (as the create form sends them). */
const asTaxIdDataError = (err: unknown, i: number) =>
  err instanceof ApiError && (err.error.param === 'type' || err.error.param === 'value') ? new ApiError(err.status, { ...err.error, param: `tax_id_data[${i}][${err.error.param}]` }) : err;

export function CustomerForm({
  customer,
  taxIds: initialTaxIds = [],
  cards = null,
  onSaved,
  onCancel,
}: {
  customer?: any;
  /** The customer's tax ids (when editing). */
  taxIds?: TaxIdRow[];
  /** The customer's cards, to choose the default payment method from (when editing). */
  cards?: any[] | null;
  onSaved(c: any): void;
  onCancel(): void;
}) {
  const a = customer?.address ?? {};
  const [v, setV] = useState({
    name: customer?.name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    description: customer?.description ?? '',
    line1: a.line1 ?? '',
    line2: a.line2 ?? '',
    city: a.city ?? '',
    postal_code: a.postal_code ?? '',
    state: a.state ?? '',
    country: a.country ?? '',
    tax_exempt: customer?.tax_exempt ?? 'none',
    metadata: Object.entries(customer?.metadata ?? {})
      .map(([k, val]) => `${k}=${val}`)
      .join('\n'),
  });
  const [invoiceSettings, setInvoiceSettings] = useState(() => invoiceSettingsOf(customer));
  // What the server holds (saved ids) and what the form shows; saving moves the first toward the second.
  const [savedTaxIds, setSavedTaxIds] = useState<TaxIdRow[]>(initialTaxIds);
  const [taxIds, setTaxIds] = useState<TaxIdRow[]>(initialTaxIds);
  const [clock, setClock] = useState<string | null>(null);
  const clocks = useLoad(() => (customer ? Promise.resolve({ data: [] }) : api.get('/v1/test_helpers/test_clocks', { limit: 100 })), [customer]);
  const { busy, error, run } = useAction();
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const metadata: Record<string, string> = {};
    for (const k of Object.keys(customer?.metadata ?? {})) metadata[k] = '';
    for (const line of v.metadata.split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) metadata[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    const body = {
      name: v.name,
      email: v.email,
      phone: v.phone,
      description: v.description,
      address: v.line1 || v.city || v.country ? { line1: v.line1, line2: v.line2, city: v.city, postal_code: v.postal_code, state: v.state, country: v.country } : customer ? '' : undefined,
      tax_exempt: v.tax_exempt,
      invoice_settings: invoiceSettingsParam(invoiceSettings, !!customer),
      metadata,
      ...(clock ? { test_clock: clock } : {}),
    };
    const newTaxIds = taxIds.filter((r) => !r.id).map(({ type, value }) => ({ type, value }));
    await run(async () => {
      if (!customer) return onSaved(await api.post('/v1/customers', { ...body, tax_id_data: newTaxIds.length ? newTaxIds : undefined }));
      await saveTaxIds(customer.id);
      onSaved(await api.post(`/v1/customers/${customer.id}`, body));
    });
  };
  /** Adds the new tax ids one by one (a refused one stops the save, named beside its field), then removes those taken out. */
  async function saveTaxIds(customerId: string) {
    let shown = taxIds;
    let saved = savedTaxIds;
    try {
      for (const row of taxIds.filter((r) => !r.id)) {
        let made;
        try {
          made = await api.post(`/v1/customers/${customerId}/tax_ids`, { type: row.type, value: row.value });
        } catch (e) {
          // The tax ids added before it are saved now: the refused one is the first new one left.
          throw asTaxIdDataError(e, 0);
        }
        const kept = { id: made.id, type: made.type, value: made.value };
        shown = shown.map((r) => (r === row ? kept : r));
        saved = [...saved, kept];
      }
      for (const gone of saved.filter((s) => !shown.some((r) => r.id === s.id))) {
        await api.del(`/v1/customers/${customerId}/tax_ids/${gone.id}`);
        saved = saved.filter((s) => s !== gone);
      }
    } finally {
      setTaxIds(shown);
      setSavedTaxIds(saved);
    }
  }
  const err = (p: string) => fieldError(error, p);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError error={error} fields={FIELDS.concat(taxIdFields(taxIds.length))} title={null} />
        <Grid gutter="sm">
          <Grid.Col span={6}>
            <TextInput label="Name" value={v.name} onChange={set('name')} error={err('name')} data-autofocus />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput label="Email" type="email" value={v.email} onChange={set('email')} error={err('email')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput label="Phone" value={v.phone} onChange={set('phone')} error={err('phone')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <Select
              label="Tax status"
              value={v.tax_exempt}
              onChange={(x) => setV({ ...v, tax_exempt: x ?? 'none' })}
              data={[
                { value: 'none', label: 'Taxable' },
                { value: 'exempt', label: 'Exempt' },
                { value: 'reverse', label: 'Reverse charge' },
              ]}
              error={err('tax_exempt')}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput label="Description" value={v.description} onChange={set('description')} error={err('description')} />
          </Grid.Col>
        </Grid>
        <Text fw={600} size="sm">
          Billing address
        </Text>
        <Grid gutter="sm">
          <Grid.Col span={6}>
            <TextInput label="Address line 1" value={v.line1} onChange={set('line1')} error={err('address[line1]')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput label="Address line 2" value={v.line2} onChange={set('line2')} error={err('address[line2]')} />
          </Grid.Col>
          <Grid.Col span={4}>
            <TextInput label="City" value={v.city} onChange={set('city')} error={err('address[city]')} />
          </Grid.Col>
          <Grid.Col span={3}>
            <TextInput label="Postal code" value={v.postal_code} onChange={set('postal_code')} error={err('address[postal_code]')} />
          </Grid.Col>
          <Grid.Col span={2}>
            <TextInput label="State" value={v.state} onChange={set('state')} error={err('address[state]')} />
          </Grid.Col>
          <Grid.Col span={3}>
            <TextInput label="Country" description="Two letters, e.g. GB" value={v.country} onChange={set('country')} error={err('address[country]')} />
          </Grid.Col>
        </Grid>
        <TaxIdFields rows={taxIds} onChange={setTaxIds} error={(i, field) => err(`tax_id_data[${i}][${field}]`)} />
        <InvoiceSettingsFields value={invoiceSettings} onChange={setInvoiceSettings} cards={customer ? cards : null} error={err} />
        {!customer && clocks.data?.data.length ? (
          <Select label="Test clock (optional)" clearable value={clock} onChange={setClock} data={clocks.data.data.map((c: any) => ({ value: c.id, label: c.name ?? c.id }))} error={err('test_clock')} />
        ) : null}
        <Textarea label="Metadata" description="One key=value per line" autosize minRows={2} value={v.metadata} onChange={set('metadata')} error={err('metadata')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {customer ? 'Save customer' : 'Create customer'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
