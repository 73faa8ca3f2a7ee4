// Catalog → Tax rates: inclusive or exclusive rates by jurisdiction; archive (active: false) a rate
// so no new subscription or invoice takes it, while what already uses it keeps it.
import { useState } from 'react';
import { useAction } from '../../shared/use-action.ts';
import { Button, Checkbox, Group, Modal, Paper, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { ErrorAlert, FormFooter, PageHeader } from '../../shared/ui.tsx';
import { ActiveBadge, DataTable, switchColumn } from '../../shared/data-table.tsx';
import { api, useSession } from '../session.tsx';

export function TaxRatesPage() {
  const { canWrite } = useSession();
  const rates = useLoad(() => api.get('/v1/tax_rates', { limit: 100 }), []);
  const [creating, create] = useDisclosure();
  const toggling = useAction();
  const toggle = (t: any) =>
    toggling.run(async () => {
      await api.post(`/v1/tax_rates/${t.id}`, { active: !t.active });
      rates.reload();
    });
  return (
    <>
      <PageHeader title="Tax rates" subtitle="Applied to subscriptions and invoice lines; archived rates stay on what already uses them">
        {canWrite ? <Button onClick={create.open}>New tax rate</Button> : null}
      </PageHeader>
      <ErrorAlert error={rates.error ?? toggling.error} />
      <Paper withBorder>
        <DataTable
          label="Tax rates"
          rows={rates.data?.data}
          empty="No tax rates yet."
          columns={[
            { header: 'Name', cell: (t: any) => t.display_name },
            { header: 'Rate', cell: (t: any) => `${t.percentage}% ${t.inclusive ? 'inclusive' : 'exclusive'}` },
            { header: 'Jurisdiction', cell: (t: any) => [t.jurisdiction, t.state, t.country].filter(Boolean).join(', ') || '—' },
            { header: 'Status', cell: (t: any) => <ActiveBadge active={t.active} inactive="archived" /> },
            switchColumn({ canWrite, isOn: (t: any) => t.active, verbs: ['Archive', 'Restore'], name: (t) => `tax rate ${t.display_name} ${t.percentage}%`, onClick: toggle }),
          ]}
        />
      </Paper>
      <Modal opened={creating} onClose={create.close} title="New tax rate">
        <NewTaxRate
          onMade={() => {
            create.close();
            rates.reload();
          }}
        />
      </Modal>
    </>
  );
}

function NewTaxRate({ onMade }: { onMade(): void }) {
  const [f, setF] = useState({ display_name: 'VAT', percentage: '', jurisdiction: '', country: '', state: '' });
  const [inclusive, setInclusive] = useState(false);
  const { busy, error, run } = useAction();
  const field = (name: keyof typeof f, label: string) => (
    <TextInput label={label} value={f[name]} onChange={(e) => setF({ ...f, [name]: e.currentTarget.value })} error={fieldError(error, name)} />
  );
  const save = () =>
    run(async () => {
      await api.post('/v1/tax_rates', { ...Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')), percentage: f.percentage, inclusive });
      onMade();
    });
  return (
    <Stack>
      <Group grow align="flex-start">
        {field('display_name', 'Display name')}
        {field('percentage', 'Percentage')}
      </Group>
      <Checkbox label="Inclusive (already in the price)" checked={inclusive} onChange={(e) => setInclusive(e.currentTarget.checked)} />
      <Group grow align="flex-start">
        {field('jurisdiction', 'Jurisdiction')}
        {field('country', 'Country (ISO code)')}
        {field('state', 'State')}
      </Group>
      <FormFooter error={error} fields={Object.keys(f)} submit={save} busy={busy}>
        Create tax rate
      </FormFooter>
    </Stack>
  );
}
