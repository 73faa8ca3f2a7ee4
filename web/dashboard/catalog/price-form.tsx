// A new price for a product: per unit or tiered (graduated/volume), one time or recurring, licensed
// or metered, with amounts in other currencies. Errors appear next to the field the API names.
import { useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { CURRENCIES, toMinor } from '../../shared/format.ts';
import { FormFooter } from '../../shared/ui.tsx';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { api } from '../session.tsx';

interface Tier {
  upTo: string;
  unit: string;
  flat: string;
}


/** A typed amount in minor units; what cannot be read is sent as typed so the API names the field. */
const amountOf = (text: string, currency: string) => (text.trim() === '' ? undefined : (toMinor(text, currency) ?? text));

export function PriceForm({ product, onMade }: { product: any; onMade(price: any): void }) {
  const [nickname, setNickname] = useState('');
  const [currency, setCurrency] = useState('usd');
  const [scheme, setScheme] = useState('per_unit');
  const [amount, setAmount] = useState('');
  const [tiers, setTiers] = useState<Tier[]>([
    { upTo: '10', unit: '', flat: '' },
    { upTo: '', unit: '', flat: '' },
  ]);
  const [type, setType] = useState('recurring');
  const [interval, setInterval] = useState('month');
  const [count, setCount] = useState<number | string>(1);
  const [usage, setUsage] = useState('licensed');
  const [meter, setMeter] = useState<string | null>(null);
  const meters = useLoad(() => api.get('/v1/billing/meters', { status: 'active', limit: 100 }), []);
  const [others, setOthers] = useState<Array<{ currency: string; amount: string }>>([]);
  const { busy, error, run } = useAction();
  const tiered = scheme !== 'per_unit';
  const err = (param: string) => fieldError(error, param);
  const save = () => {
    const body: Record<string, unknown> = { product: product.id, currency, ...(nickname ? { nickname } : {}) };
    if (tiered) {
      body.billing_scheme = 'tiered';
      body.tiers_mode = scheme;
      body.tiers = tiers.map((t, i) => ({
        up_to: i === tiers.length - 1 && t.upTo.trim() === '' ? 'inf' : t.upTo.trim(),
        ...(t.unit.trim() ? { unit_amount: amountOf(t.unit, currency) } : {}),
        ...(t.flat.trim() ? { flat_amount: amountOf(t.flat, currency) } : {}),
      }));
    } else body.unit_amount = amountOf(amount, currency) ?? '';
    if (type === 'recurring')
      body.recurring = { interval, interval_count: count, usage_type: usage, ...(usage === 'metered' ? { meter: meter ?? '' } : {}) };
    if (!tiered && others.length)
      body.currency_options = Object.fromEntries(others.map((o) => [o.currency, { unit_amount: amountOf(o.amount, o.currency) ?? '' }]));
    return run(async () => onMade(await api.post('/v1/prices', body)));
  };
  return (
    <Stack>
      <TextInput label="Price description (nickname)" value={nickname} onChange={(e) => setNickname(e.currentTarget.value)} error={err('nickname')} />
      <Group grow align="flex-start">
        <Select label="Currency" data={CURRENCIES} value={currency} onChange={(v) => setCurrency(v ?? 'usd')} allowDeselect={false} error={err('currency')} />
        <Select
          label="Pricing model"
          value={scheme}
          onChange={(v) => setScheme(v ?? 'per_unit')}
          allowDeselect={false}
          data={[
            { value: 'per_unit', label: 'Per unit' },
            { value: 'graduated', label: 'Tiered: graduated' },
            { value: 'volume', label: 'Tiered: volume' },
          ]}
          error={err('tiers_mode') ?? err('billing_scheme')}
        />
      </Group>
      {tiered ? (
        <Stack gap="xs">
          {tiers.map((t, i) => (
            <Group key={i} grow align="flex-start">
              <TextInput
                label={`Tier ${i + 1} up to`}
                placeholder={i === tiers.length - 1 ? 'and above' : 'units'}
                value={t.upTo}
                onChange={(e) => setTiers(tiers.map((x, j) => (j === i ? { ...x, upTo: e.currentTarget.value } : x)))}
                error={err(`tiers[${i}][up_to]`)}
              />
              <TextInput
                label={`Tier ${i + 1} per unit`}
                value={t.unit}
                onChange={(e) => setTiers(tiers.map((x, j) => (j === i ? { ...x, unit: e.currentTarget.value } : x)))}
                error={err(`tiers[${i}][unit_amount]`)}
              />
              <TextInput
                label={`Tier ${i + 1} flat fee`}
                value={t.flat}
                onChange={(e) => setTiers(tiers.map((x, j) => (j === i ? { ...x, flat: e.currentTarget.value } : x)))}
                error={err(`tiers[${i}][flat_amount]`)}
              />
            </Group>
          ))}
          <Group>
            <Button size="xs" variant="light" onClick={() => setTiers([...tiers.slice(0, -1), { upTo: '', unit: '', flat: '' }, tiers[tiers.length - 1]])}>
              Add tier
            </Button>
            {tiers.length > 2 ? (
              <Button size="xs" variant="subtle" color="red" onClick={() => setTiers(tiers.filter((_, j) => j !== tiers.length - 2))}>
                Remove a tier
              </Button>
            ) : null}
          </Group>
          {err('tiers') && !tiers.some((_, i) => err(`tiers[${i}]`)) ? (
            <Text c="red" size="sm">
              {err('tiers')}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <TextInput label={`Amount (${currency.toUpperCase()})`} placeholder="35.00" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={err('unit_amount')} />
      )}
      <SegmentedControl
        value={type}
        onChange={setType}
        aria-label="Price type"
        data={[
          { value: 'recurring', label: 'Recurring' },
          { value: 'one_time', label: 'One time' },
        ]}
      />
      {type === 'recurring' ? (
        <Group grow align="flex-start">
          <NumberInput label="Every" min={1} value={count} onChange={setCount} error={err('recurring[interval_count]')} />
          <Select
            label="Interval"
            value={interval}
            onChange={(v) => setInterval(v ?? 'month')}
            allowDeselect={false}
            data={['day', 'week', 'month', 'year'].map((v) => ({ value: v, label: `${v}(s)` }))}
            error={err('recurring[interval]')}
          />
          <Select
            label="Usage"
            value={usage}
            onChange={(v) => setUsage(v ?? 'licensed')}
            allowDeselect={false}
            data={[
              { value: 'licensed', label: 'Licensed (quantity)' },
              { value: 'metered', label: 'Metered (usage)' },
            ]}
            error={err('recurring[usage_type]')}
          />
          {usage === 'metered' ? (
            <Select
              label="Meter"
              placeholder={meters.data?.data.length ? 'Choose a meter' : 'No active meters'}
              data={(meters.data?.data ?? []).map((m: any) => ({ value: m.id, label: `${m.display_name} (${m.event_name})` }))}
              value={meter}
              onChange={setMeter}
              error={err('recurring[meter]')}
            />
          ) : null}
        </Group>
      ) : null}
      {!tiered ? (
        <Stack gap="xs">
          {others.map((o, i) => (
            <Group key={i} align="flex-start" grow>
              <Select
                label={`Other currency ${i + 1}`}
                data={CURRENCIES.filter((c) => c.value !== currency)}
                value={o.currency}
                onChange={(v) => setOthers(others.map((x, j) => (j === i ? { ...x, currency: v ?? x.currency } : x)))}
                allowDeselect={false}
              />
              <TextInput
                label={`Amount in ${o.currency.toUpperCase()}`}
                value={o.amount}
                onChange={(e) => setOthers(others.map((x, j) => (j === i ? { ...x, amount: e.currentTarget.value } : x)))}
                error={err(`currency_options[${o.currency}][unit_amount]`) ?? err(`currency_options[${o.currency}]`)}
              />
              <ActionIcon variant="subtle" color="red" mt={28} aria-label={`Remove currency ${o.currency.toUpperCase()}`} onClick={() => setOthers(others.filter((_, j) => j !== i))}>
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() => setOthers([...others, { currency: CURRENCIES.find((c) => c.value !== currency && !others.some((o) => o.currency === c.value))!.value, amount: '' }])}
            >
              Add a currency
            </Button>
          </Group>
        </Stack>
      ) : null}
      <FormFooter error={error} fields={['nickname', 'currency', 'unit_amount', 'tiers', 'recurring', 'currency_options', 'billing_scheme', 'tiers_mode']} submit={save} busy={busy}>
        Add price
      </FormFooter>
    </Stack>
  );
}
