// The prices of a subscription (or a template) being written: one row per price with its quantity
// (none for metered prices, which bill usage), remove a row, add one; errors beside the row they name.
import { ActionIcon, Button, Group, NumberInput, Select, Text } from '@mantine/core';
import { ApiError, fieldError } from '../../shared/api.ts';
import type { PriceChoice } from '../prices.ts';

export interface PriceItem {
  price: string | null;
  quantity: number | '';
}

export const NEW_ITEM: PriceItem = { price: null, quantity: 1 };

const isMetered = (prices: PriceChoice[], id: string | null) => prices.find((p) => p.value === id)?.price.recurring?.usage_type === 'metered';

/** The rows with a price, as the API's `items`: a quantity only where one was typed and the price is licensed. */
export const toItems = (prices: PriceChoice[], items: PriceItem[]) =>
  items.filter((i) => i.price).map((i) => ({ price: i.price!, ...(isMetered(prices, i.price) || i.quantity === '' ? {} : { quantity: i.quantity }) }));

export function PriceItemsInput(props: {
  prices: PriceChoice[];
  items: PriceItem[];
  onChange(items: PriceItem[]): void;
  error: unknown;
  /** `price` and `quantity` are numbered per row ("Price 1"); `remove` too ("Remove price 1"). */
  labels: { price: string; quantity: string; remove: string; add: string };
  quantityWidth: number;
}) {
  const { prices, items, onChange, error, labels } = props;
  const change = (i: number, patch: Partial<PriceItem>) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const whole = error instanceof ApiError && error.error.param === 'items' ? error.message : undefined;
  return (
    <>
      {items.map((it, i) => (
        <Group key={i} align="flex-end" wrap="nowrap">
          <Select label={`${labels.price} ${i + 1}`} data={prices} value={it.price} searchable onChange={(v) => change(i, { price: v })} error={fieldError(error, `items[${i}]`)} style={{ flex: 1 }} />
          <NumberInput
            label={`${labels.quantity} ${i + 1}`}
            min={1}
            w={props.quantityWidth}
            disabled={isMetered(prices, it.price)}
            value={it.quantity}
            onChange={(v) => change(i, { quantity: v === '' ? '' : Number(v) })}
          />
          <ActionIcon variant="subtle" color="red" aria-label={`${labels.remove} ${i + 1}`} disabled={items.length === 1} onClick={() => onChange(items.filter((_, j) => j !== i))} mb={4}>
            ×
          </ActionIcon>
        </Group>
      ))}
      {whole ? (
        <Text c="red" size="sm">
          {whole}
        </Text>
      ) : null}
      <Button variant="light" size="xs" w="fit-content" onClick={() => onChange([...items, NEW_ITEM])}>
        {labels.add}
      </Button>
    </>
  );
}
