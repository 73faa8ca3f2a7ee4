// The tax ids part of the customer form: the customer's tax ids, each removable, and new ones with a
// type and a value. The types are Stripe's (the list the API checks); the common ones are named.
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { TAX_ID_TYPES } from '../../../src/domain/tax-ids.ts';
import { taxIdText } from '../../shared/format.ts';

/** A tax id in the form: saved ones have an id; new ones are sent when the form is saved. */
export interface TaxIdRow {
  id?: string;
  type: string;
  value: string;
}

const NAMES: Record<string, string> = {
  eu_vat: 'EU VAT number',
  gb_vat: 'UK VAT number',
  us_ein: 'US Employer Identification Number',
  au_abn: 'Australian Business Number',
  ca_bn: 'Canadian Business Number',
  ca_gst_hst: 'Canadian GST/HST number',
  in_gst: 'Indian GST number',
  ch_vat: 'Swiss VAT number',
  no_vat: 'Norwegian VAT number',
  nz_gst: 'New Zealand GST number',
  jp_trn: 'Japanese Tax Registration Number',
  br_cnpj: 'Brazilian CNPJ',
  mx_rfc: 'Mexican RFC',
  za_vat: 'South African VAT number',
  eu_oss_vat: 'EU OSS VAT number',
};

const TYPE_CHOICES = TAX_ID_TYPES.map((t) => ({ value: t, label: NAMES[t] ? `${NAMES[t]} (${t})` : t }));

/** `error(i, field)`: the server's message for the i-th new tax id's type or value. */
export function TaxIdFields({
  rows,
  onChange,
  error,
}: {
  rows: TaxIdRow[];
  onChange(rows: TaxIdRow[]): void;
  error(i: number, field: 'type' | 'value'): string | undefined;
}) {
  const saved = rows.filter((r) => r.id);
  const added = rows.filter((r) => !r.id);
  const update = (row: TaxIdRow, change: Partial<TaxIdRow>) => onChange(rows.map((r) => (r === row ? { ...r, ...change } : r)));
  const remove = (row: TaxIdRow) => onChange(rows.filter((r) => r !== row));
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Tax IDs
      </Text>
      {saved.map((r) => (
        <Group key={r.id} justify="space-between">
          <Text size="sm">{taxIdText(r)}</Text>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove(r)} aria-label={`Remove tax ID ${r.value}`}>
            Remove
          </Button>
        </Group>
      ))}
      {added.map((r, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <Select
            label="Tax ID type"
            searchable
            allowDeselect={false}
            data={TYPE_CHOICES}
            value={r.type}
            onChange={(t) => update(r, { type: t ?? 'eu_vat' })}
            error={error(i, 'type')}
            style={{ flex: 1 }}
          />
          <TextInput label="Tax ID value" value={r.value} onChange={(e) => update(r, { value: e.currentTarget.value })} error={error(i, 'value')} style={{ flex: 1 }} />
          <ActionIcon variant="subtle" color="gray" mt={28} onClick={() => remove(r)} aria-label="Discard this tax ID">
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => onChange([...rows, { type: 'eu_vat', value: '' }])}>
          Add tax ID
        </Button>
      </Group>
    </Stack>
  );
}
