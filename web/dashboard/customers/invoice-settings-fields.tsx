// The invoice settings part of the customer form: the default payment method (one of the customer's
// cards), up to four custom fields printed on invoices, and the footer.
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';

export interface InvoiceSettingsValue {
  default_payment_method: string | null;
  custom_fields: Array<{ name: string; value: string }>;
  footer: string;
}

export const invoiceSettingsOf = (c: any): InvoiceSettingsValue => ({
  default_payment_method: c?.invoice_settings?.default_payment_method ?? null,
  custom_fields: c?.invoice_settings?.custom_fields ?? [],
  footer: c?.invoice_settings?.footer ?? '',
});

/** The `invoice_settings` parameter (rows left blank are dropped): '' clears what was set, as in Stripe's form encoding. */
export function invoiceSettingsParam(v: InvoiceSettingsValue, editing: boolean) {
  const fields = v.custom_fields.filter((f) => f.name.trim() || f.value.trim());
  return {
    footer: v.footer,
    custom_fields: fields.length ? fields : editing ? '' : undefined,
    ...(editing ? { default_payment_method: v.default_payment_method ?? '' } : {}),
  };
}

const MAX_CUSTOM_FIELDS = 4;

export function InvoiceSettingsFields({
  value: v,
  onChange,
  cards,
  error,
}: {
  value: InvoiceSettingsValue;
  onChange(v: InvoiceSettingsValue): void;
  /** The customer's cards; none when creating a customer (a card is added on its page). */
  cards: any[] | null;
  error(param: string): string | undefined;
}) {
  const setField = (i: number, change: Partial<{ name: string; value: string }>) =>
    onChange({ ...v, custom_fields: v.custom_fields.map((f, k) => (k === i ? { ...f, ...change } : f)) });
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Invoice settings
      </Text>
      {cards ? (
        <Select
          label="Default payment method"
          placeholder="None"
          clearable
          data={cards.map((pm) => ({ value: pm.id, label: `${pm.card?.brand ?? 'card'} •••• ${pm.card?.last4} (expires ${pm.card?.exp_month}/${pm.card?.exp_year})` }))}
          value={v.default_payment_method}
          onChange={(pm) => onChange({ ...v, default_payment_method: pm })}
          error={error('invoice_settings[default_payment_method]')}
        />
      ) : null}
      {v.custom_fields.map((f, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <TextInput label={`Custom field ${i + 1} name`} value={f.name} onChange={(e) => setField(i, { name: e.currentTarget.value })} error={error(`invoice_settings[custom_fields][${i}][name]`)} style={{ flex: 1 }} />
          <TextInput label={`Custom field ${i + 1} value`} value={f.value} onChange={(e) => setField(i, { value: e.currentTarget.value })} error={error(`invoice_settings[custom_fields][${i}][value]`)} style={{ flex: 1 }} />
          <ActionIcon variant="subtle" color="gray" mt={28} aria-label={`Remove custom field ${i + 1}`} onClick={() => onChange({ ...v, custom_fields: v.custom_fields.filter((_, k) => k !== i) })}>
            ×
          </ActionIcon>
        </Group>
      ))}
      {v.custom_fields.length < MAX_CUSTOM_FIELDS ? (
        <Group>
          <Button size="xs" variant="light" onClick={() => onChange({ ...v, custom_fields: [...v.custom_fields, { name: '', value: '' }] })}>
            Add custom field
          </Button>
        </Group>
      ) : null}
      <TextInput label="Invoice footer" value={v.footer} onChange={(e) => onChange({ ...v, footer: e.currentTarget.value })} error={error('invoice_settings[footer]')} />
    </Stack>
  );
}
