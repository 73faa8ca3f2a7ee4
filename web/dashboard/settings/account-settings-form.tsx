// The account's settings: the seller's details on invoices and PDFs, and whether first invoices of
// template subscriptions wait for review.
import { useEffect, useState } from 'react';
import { Button, Checkbox, Grid, Stack, Text, TextInput } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { ErrorAlert, Panel } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';

const FIELDS = [
  ['business_name', 'Business name'],
  ['support_email', 'Billing email'],
  ['support_phone', 'Billing phone'],
  ['tax_id', 'Tax id (VAT number)'],
] as const;
const ADDRESS = [
  ['line1', 'Street address'],
  ['line2', 'Address line 2'],
  ['city', 'Town or city'],
  ['postal_code', 'Postcode'],
  ['state', 'County or state'],
  ['country', 'Country code'],
] as const;

export function AccountSettingsForm() {
  const { canWrite } = useSession();
  const settings = useLoad(() => api.get('/v1/recur/account_settings'), []);
  const [v, setV] = useState<any>(null);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => settings.data && setV(settings.data), [settings.data]);
  if (!v) return null;
  const save = () => {
    setSaved(false);
    return run(async () => {
      const body: any = { review_first_invoices: v.review_first_invoices, address: {} };
      for (const [k] of FIELDS) body[k] = v[k] ?? '';
      for (const [k] of ADDRESS) body.address[k] = v.address?.[k] ?? '';
      setV(await api.post('/v1/recur/account_settings', body));
      setSaved(true);
    });
  };
  return (
    <Panel title="Account settings">
      <Stack gap="sm">
        <Grid gutter="sm">
          {FIELDS.map(([k, label]) => (
            <Grid.Col span={6} key={k}>
              <TextInput label={label} value={v[k] ?? ''} disabled={!canWrite} onChange={(e) => setV({ ...v, [k]: e.currentTarget.value })} error={fieldError(error, k)} />
            </Grid.Col>
          ))}
          {ADDRESS.map(([k, label]) => (
            <Grid.Col span={4} key={k}>
              <TextInput label={label} value={v.address?.[k] ?? ''} disabled={!canWrite} onChange={(e) => setV({ ...v, address: { ...v.address, [k]: e.currentTarget.value } })} error={fieldError(error, `address[${k}]`)} />
            </Grid.Col>
          ))}
        </Grid>
        <Checkbox
          label="First invoices of subscriptions made from templates wait, as drafts, for finance to review them"
          checked={!!v.review_first_invoices}
          disabled={!canWrite}
          onChange={(e) => setV({ ...v, review_first_invoices: e.currentTarget.checked })}
        />
        <ErrorAlert error={error} />
        {canWrite ? (
          <Button onClick={save} loading={busy} w="fit-content">
            Save settings
          </Button>
        ) : null}
        {saved ? (
          <Text size="sm" c="green" role="status">
            Saved.
          </Text>
        ) : null}
      </Stack>
    </Panel>
  );
}
