// Subscription templates (seed 000): admins define them; staff use them from a customer's page.
import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ApiError, fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { Empty, ErrorAlert, Loading, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { loadRecurringPrices } from '../prices.ts';

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
        {!list.data ? (
          <Loading />
        ) : list.data.data.length ? (
          <Table aria-label="Templates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Prices</Table.Th>
                <Table.Th>Collection</Table.Th>
                <Table.Th>Trial</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.data.map((t: any) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    {t.name} {t.active ? null : <Badge color="gray">archived</Badge>}
                  </Table.Td>
                  <Table.Td>
                    {t.items.map((i: any) => (
                      <Text size="sm" key={i.price}>
                        {label(i.price)}
                        {i.quantity ? ` × ${i.quantity}` : ''}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>{t.collection_method === 'send_invoice' ? `Send invoice, ${t.days_until_due} days (first invoice reviewed)` : 'Charge automatically'}</Table.Td>
                  <Table.Td>{t.trial_period_days ? `${t.trial_period_days} days` : '—'}</Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <Button size="xs" variant="subtle" onClick={() => archive(t)}>
                        {t.active ? `Archive ${t.name}` : `Restore ${t.name}`}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty>No templates yet.</Empty>
        )}
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

function TemplateForm({ prices, onSaved }: { prices: Array<{ value: string; label: string; price: any }>; onSaved(): void }) {
  const [name, setName] = useState('');
  const [items, setItems] = useState<Array<{ price: string | null; quantity: number | '' }>>([{ price: null, quantity: 1 }]);
  const [collection, setCollection] = useState('charge_automatically');
  const [days, setDays] = useState<number>(30);
  const [trial, setTrial] = useState<number | ''>('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const metered = (id: string | null) => prices.find((p) => p.value === id)?.price.recurring?.usage_type === 'metered';
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/v1/recur/subscription_templates', {
        name,
        items: items.filter((i) => i.price).map((i) => ({ price: i.price, ...(metered(i.price) || i.quantity === '' ? {} : { quantity: i.quantity }) })),
        collection_method: collection,
        ...(collection === 'send_invoice' ? { days_until_due: days } : {}),
        ...(trial ? { trial_period_days: trial } : {}),
      });
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const general = error instanceof ApiError && !error.error.param ? error.message : undefined;
  return (
    <Stack gap="sm">
      <TextInput label="Template name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} data-autofocus />
      {items.map((it, i) => (
        <Group key={i} align="flex-end" wrap="nowrap">
          <Select
            label={`Template price ${i + 1}`}
            data={prices}
            value={it.price}
            searchable
            onChange={(v) => setItems(items.map((x, j) => (j === i ? { ...x, price: v } : x)))}
            error={fieldError(error, `items[${i}]`)}
            style={{ flex: 1 }}
          />
          <NumberInput
            label={`Template quantity ${i + 1}`}
            min={1}
            w={150}
            disabled={metered(it.price)}
            value={it.quantity}
            onChange={(v) => setItems(items.map((x, j) => (j === i ? { ...x, quantity: v === '' ? '' : Number(v) } : x)))}
          />
          <ActionIcon variant="subtle" color="red" aria-label={`Remove template price ${i + 1}`} disabled={items.length === 1} onClick={() => setItems(items.filter((_, j) => j !== i))} mb={4}>
            ×
          </ActionIcon>
        </Group>
      ))}
      {fieldError(error, 'items') && (error as ApiError).error.param === 'items' ? (
        <Text c="red" size="sm">
          {fieldError(error, 'items')}
        </Text>
      ) : null}
      <Button variant="light" size="xs" w="fit-content" onClick={() => setItems([...items, { price: null, quantity: 1 }])}>
        Add a price to the template
      </Button>
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
      {general ? (
        <Alert color="red" role="alert">
          {general}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button onClick={save} loading={busy}>
          Save template
        </Button>
      </Group>
    </Stack>
  );
}
