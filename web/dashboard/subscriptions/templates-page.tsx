// Subscription templates (seed 000): admins define them; staff use them from a customer's page.
import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, FormFooter, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { loadRecurringPrices, type PriceChoice } from '../prices.ts';
import { NEW_ITEM, PriceItemsInput, toItems, type PriceItem } from './price-items-input.tsx';

export function TemplatesPage() {
  const { canWrite } = useSession();
  const list = useLoad(() => api.get('/v1/recur/subscription_templates', { limit: 100 }), []);
  const prices = useLoad(loadRecurringPrices, []);
  const [creating, create] = useDisclosure();
  const label = (id: string) => prices.data?.find((p) => p.value === id)?.label ?? id;
  const archive = async (t: any) => {
    await api.post(`/v1/recur/subscription_templates/${t.id}`, { active: !t.active });
    list.reload();
  };
  return (
    <>
      <PageHeader title="Subscription templates" subtitle="Defined once by an admin; used in one click from a customer's page">
        {canWrite ? <Button onClick={create.open}>New template</Button> : null}
      </PageHeader>
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <DataTable
          label="Templates"
          rows={list.data?.data}
          empty="No templates yet."
          columns={[
            { header: 'Name', cell: (t: any) => <>{t.name} {t.active ? null : <Badge color="gray">archived</Badge>}</> },
            {
              header: 'Prices',
              cell: (t: any) =>
                t.items.map((i: any) => (
                  <Text size="sm" key={i.price}>
                    {label(i.price)}
                    {i.quantity ? ` × ${i.quantity}` : ''}
                  </Text>
                )),
            },
            { header: 'Collection', cell: (t: any) => (t.collection_method === 'send_invoice' ? `Send invoice, ${t.days_until_due} days (first invoice reviewed)` : 'Charge automatically') },
            { header: 'Trial', cell: (t: any) => (t.trial_period_days ? `${t.trial_period_days} days` : '—') },
            {
              cell: (t: any) =>
                canWrite ? (
                  <Button size="xs" variant="subtle" onClick={() => archive(t)}>
                    {t.active ? `Archive ${t.name}` : `Restore ${t.name}`}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Paper>
      <Modal opened={creating} onClose={create.close} title="New subscription template" size="lg">
        <TemplateForm
          prices={prices.data ?? []}
          onSaved={() => {
            create.close();
            list.reload();
          }}
        />
      </Modal>
    </>
  );
}

function TemplateForm({ prices, onSaved }: { prices: PriceChoice[]; onSaved(): void }) {
  const [name, setName] = useState('');
  const [items, setItems] = useState<PriceItem[]>([NEW_ITEM]);
  const [collection, setCollection] = useState('charge_automatically');
  const [days, setDays] = useState<number>(30);
  const [trial, setTrial] = useState<number | ''>('');
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      await api.post('/v1/recur/subscription_templates', {
        name,
        items: toItems(prices, items),
        collection_method: collection,
        ...(collection === 'send_invoice' ? { days_until_due: days } : {}),
        ...(trial ? { trial_period_days: trial } : {}),
      });
      onSaved();
    });
  return (
    <Stack gap="sm">
      <TextInput label="Template name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} data-autofocus />
      <PriceItemsInput
        prices={prices}
        items={items}
        onChange={setItems}
        error={error}
        labels={{ price: 'Template price', quantity: 'Template quantity', remove: 'Remove template price', add: 'Add a price to the template' }}
        quantityWidth={150}
      />
      <Group grow>
        <Select
          label="Template collection method"
          value={collection}
          onChange={(v) => v && setCollection(v)}
          allowDeselect={false}
          data={[
            { value: 'charge_automatically', label: 'Charge automatically' },
            { value: 'send_invoice', label: 'Send invoice (first invoice reviewed)' },
          ]}
        />
        <NumberInput label="Days until due" disabled={collection !== 'send_invoice'} value={days} onChange={(v) => setDays(Number(v) || 0)} error={fieldError(error, 'days_until_due')} />
        <NumberInput label="Trial days" value={trial} min={0} onChange={(v) => setTrial(v === '' ? '' : Number(v))} error={fieldError(error, 'trial_period_days')} />
      </Group>
      <FormFooter error={error} fields={['name', 'items', 'days_until_due', 'trial_period_days']} title={null} submit={save} busy={busy}>
        Save template
      </FormFooter>
    </Stack>
  );
}
