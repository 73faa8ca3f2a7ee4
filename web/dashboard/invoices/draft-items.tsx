// On a draft: each line that comes from an invoice item (added by hand or pending) can be edited —
// description, unit amount and quantity — or removed. An error appears next to the field it names.
import { useState } from 'react';
import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { exponentOf, money, toMinor } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { ErrorAlert } from '../../shared/ui.tsx';
import { api } from '../session.tsx';

export function DraftItems({ invoice, onChanged }: { invoice: any; onChanged(): void }) {
  const items = useLoad(() => api.get('/v1/invoiceitems', { invoice: invoice.id, limit: 100 }), [invoice]);
  if (!items.data?.data.length) return null;
  return (
    <Stack mt="md" gap="xs">
      <Title order={5}>Edit this draft's items</Title>
      <Text size="xs" c="dimmed">
        Lines from the subscription follow its prices; these were added to the invoice and can be changed until it is finalized.
      </Text>
      <Table aria-label="Editable items" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Description</Table.Th>
            <Table.Th w={110}>Unit amount</Table.Th>
            <Table.Th w={80}>Quantity</Table.Th>
            <Table.Th w={90} ta="right">
              Amount
            </Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.data.data.map((it: any) => (
            <ItemRow key={`${it.id}-${it.amount}-${it.description}-${it.quantity}`} item={it} onChanged={onChanged} />
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The item's unit amount in major units, as staff type it ("12.50"). */
function unitText(item: any): string {
  const decimal = item.pricing?.unit_amount_decimal ?? item.unit_amount_decimal;
  const minor = decimal !== undefined && decimal !== null ? Number(decimal) : item.quantity ? item.amount / item.quantity : item.amount;
  return (minor / 10 ** exponentOf(item.currency)).toFixed(exponentOf(item.currency));
}

function ItemRow({ item, onChanged }: { item: any; onChanged(): void }) {
  const name = item.description ?? item.id;
  const [description, setDescription] = useState(item.description ?? '');
  const [unit, setUnit] = useState(unitText(item));
  const [quantity, setQuantity] = useState(String(item.quantity ?? 1));
  const { pending, error, run } = useAction();
  const changed = description !== (item.description ?? '') || unit !== unitText(item) || quantity !== String(item.quantity ?? 1);
  const save = () => {
    const minor = toMinor(unit, item.currency);
    return run(
      async () => {
        await api.post(`/v1/invoiceitems/${item.id}`, {
          description,
          // What cannot be read as an amount is sent as typed, so the API names the field.
          unit_amount_decimal: minor === null ? unit : String(minor),
          quantity: quantity.trim(),
        });
        onChanged();
      },
      { label: 'save' },
    );
  };
  const remove = () => run(async () => (await api.del(`/v1/invoiceitems/${item.id}`), onChanged()), { label: 'remove' });
  const fields = ['description', 'unit_amount_decimal', 'amount', 'quantity'];
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <TextInput miw={160} aria-label={`Description of ${name}`} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(error, 'description')} />
        </Table.Td>
        <Table.Td>
          <TextInput
            w={100}
            aria-label={`Unit amount of ${name}`}
            value={unit}
            onChange={(e) => setUnit(e.currentTarget.value)}
            error={fieldError(error, 'unit_amount_decimal') ?? fieldError(error, 'amount')}
          />
        </Table.Td>
        <Table.Td>
          <TextInput w={70} aria-label={`Quantity of ${name}`} value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} error={fieldError(error, 'quantity')} />
        </Table.Td>
        <Table.Td ta="right">{money(item.amount, item.currency)}</Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap" justify="flex-end">
            <Button size="xs" onClick={save} disabled={!changed} loading={pending === 'save'} aria-label={`Save ${name}`}>
              Save
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={remove} loading={pending === 'remove'} aria-label={`Remove ${name}`}>
              Remove
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
      {error && !fields.some((p) => fieldError(error, p)) ? (
        <Table.Tr>
          <Table.Td colSpan={5}>
            <ErrorAlert error={error} />
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}
