// Catalog → Coupons and promotion codes: the coupons (percent or amount off, for how long), the codes
// customers type for them, and turning a code off (active: false) rather than deleting it.
import { useState } from 'react';
import { useAction } from '../../shared/use-action.ts';
import { Badge, Button, Group, Modal, NumberInput, Paper, SegmentedControl, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { fieldError } from '../../shared/api.ts';
import { CURRENCIES, date, money, toMinor } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { ErrorAlert, FormFooter, PageHeader } from '../../shared/ui.tsx';
import { ActiveBadge, DataTable, switchColumn } from '../../shared/data-table.tsx';
import { api, useSession } from '../session.tsx';

export const couponOff = (c: any) => (c.percent_off !== null && c.percent_off !== undefined ? `${c.percent_off}% off` : `${money(c.amount_off, c.currency)} off`);
const couponFor = (c: any) => (c.duration === 'repeating' ? `for ${c.duration_in_months} months` : c.duration === 'once' ? 'once' : 'forever');

/** Times redeemed, and of how many when there is a limit. */
const redemptions = (x: any) => `${x.times_redeemed}${x.max_redemptions ? ` of ${x.max_redemptions}` : ''}`;

export function CouponsPage() {
  const { canWrite } = useSession();
  const coupons = useLoad(() => api.get('/v1/coupons', { limit: 100 }), []);
  const codes = useLoad(() => api.get('/v1/promotion_codes', { limit: 100 }), []);
  const [newCoupon, couponModal] = useDisclosure();
  const [newCode, codeModal] = useDisclosure();
  const toggling = useAction();
  const toggle = (code: any) =>
    toggling.run(async () => {
      await api.post(`/v1/promotion_codes/${code.id}`, { active: !code.active });
      codes.reload();
    });
  return (
    <>
      <PageHeader title="Coupons and promotion codes" subtitle="Discounts for subscriptions and invoices">
        {canWrite ? (
          <>
            <Button variant="default" onClick={codeModal.open}>
              New promotion code
            </Button>
            <Button onClick={couponModal.open}>New coupon</Button>
          </>
        ) : null}
      </PageHeader>
      <ErrorAlert error={coupons.error ?? codes.error ?? toggling.error} />
      <Title order={4} mb="xs">
        Coupons
      </Title>
      <Paper withBorder mb="lg">
        <DataTable
          label="Coupons"
          rows={coupons.data?.data}
          empty="No coupons yet."
          columns={[
            { header: 'Name', cell: (c: any) => <>{c.name ?? c.id} {c.valid ? null : <Badge color="gray">expired</Badge>}</> },
            { header: 'Discount', cell: couponOff },
            { header: 'Duration', cell: couponFor },
            { header: 'Redemptions', cell: redemptions },
            { header: 'Created', cell: (c: any) => date(c.created) },
          ]}
        />
      </Paper>
      <Title order={4} mb="xs">
        Promotion codes
      </Title>
      <Paper withBorder>
        <DataTable
          label="Promotion codes"
          rows={codes.data?.data}
          empty="No promotion codes yet."
          columns={[
            { header: 'Code', cell: (p: any) => p.code, mono: true },
            { header: 'Coupon', cell: (p: any) => (typeof p.promotion?.coupon === 'object' ? p.promotion.coupon?.id : p.promotion?.coupon) },
            { header: 'Redemptions', cell: redemptions },
            { header: 'Status', cell: (p: any) => <ActiveBadge active={p.active} inactive="inactive" /> },
            switchColumn({ canWrite, isOn: (p: any) => p.active, verbs: ['Deactivate', 'Activate'], name: (p) => `code ${p.code}`, onClick: toggle }),
          ]}
        />
      </Paper>
      <Modal opened={newCoupon} onClose={couponModal.close} title="New coupon">
        <NewCoupon
          onMade={() => {
            couponModal.close();
            coupons.reload();
          }}
        />
      </Modal>
      <Modal opened={newCode} onClose={codeModal.close} title="New promotion code">
        <NewCode
          coupons={coupons.data?.data ?? []}
          onMade={() => {
            codeModal.close();
            codes.reload();
          }}
        />
      </Modal>
    </>
  );
}

function NewCoupon({ onMade }: { onMade(): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('percent');
  const [value, setValue] = useState('');
  const [currency, setCurrency] = useState('usd');
  const [duration, setDuration] = useState('once');
  const [months, setMonths] = useState<number | string>(3);
  const { busy, error, run } = useAction();
  const err = (p: string) => fieldError(error, p);
  const save = () =>
    run(async () => {
      await api.post('/v1/coupons', {
        ...(name ? { name } : {}),
        ...(kind === 'percent' ? { percent_off: value } : { amount_off: toMinor(value, currency) ?? value, currency }),
        duration,
        ...(duration === 'repeating' ? { duration_in_months: months } : {}),
      });
      onMade();
    });
  return (
    <Stack>
      <TextInput label="Coupon name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={err('name')} />
      <SegmentedControl
        value={kind}
        onChange={setKind}
        aria-label="Discount type"
        data={[
          { value: 'percent', label: 'Percentage' },
          { value: 'amount', label: 'Fixed amount' },
        ]}
      />
      <Group grow align="flex-start">
        <TextInput
          label={kind === 'percent' ? 'Percent off' : 'Amount off'}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={err('percent_off') ?? err('amount_off')}
        />
        {kind === 'amount' ? (
          <Select label="Currency" data={CURRENCIES} value={currency} onChange={(v) => setCurrency(v ?? 'usd')} allowDeselect={false} error={err('currency')} />
        ) : null}
      </Group>
      <Group grow align="flex-start">
        <Select
          label="Duration"
          value={duration}
          onChange={(v) => setDuration(v ?? 'once')}
          allowDeselect={false}
          data={[
            { value: 'once', label: 'Once' },
            { value: 'repeating', label: 'Several months' },
            { value: 'forever', label: 'Forever' },
          ]}
          error={err('duration')}
        />
        {duration === 'repeating' ? <NumberInput label="Months" min={1} value={months} onChange={setMonths} error={err('duration_in_months')} /> : null}
      </Group>
      <FormFooter error={error} fields={['name', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months']} submit={save} busy={busy}>
        Create coupon
      </FormFooter>
    </Stack>
  );
}

function NewCode({ coupons, onMade }: { coupons: any[]; onMade(): void }) {
  const [code, setCode] = useState('');
  const [coupon, setCoupon] = useState<string | null>(coupons[0]?.id ?? null);
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      await api.post('/v1/promotion_codes', { ...(code ? { code } : {}), promotion: { type: 'coupon', coupon: coupon ?? '' } });
      onMade();
    });
  return (
    <Stack>
      <TextInput label="Code customers type" placeholder="SPRING25" value={code} onChange={(e) => setCode(e.currentTarget.value)} error={fieldError(error, 'code')} />
      <Select
        label="Coupon"
        data={coupons.map((c) => ({ value: c.id, label: `${c.name ?? c.id} — ${couponOff(c)}` }))}
        value={coupon}
        onChange={setCoupon}
        error={fieldError(error, 'promotion')}
      />
      <FormFooter error={error} fields={['code', 'promotion']} submit={save} busy={busy}>
        Create promotion code
      </FormFooter>
    </Stack>
  );
}
