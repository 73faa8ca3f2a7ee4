// A customer's credits and usage: the credit balance, credit grants (grant credits, void a grant),
// and the usage allowances of their subscriptions with what is left of each.
import { useState } from 'react';
import { Badge, Button, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { fieldError } from '../../shared/api.ts';
import { date, money, toMinor, toUnix } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, FormError, Panel } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';

const grantValue = (g: any) => money(g.amount?.monetary?.value, g.amount?.monetary?.currency);
/** Voided, or in force until its expiry date (shown beside it; the customer may live on a test clock). */
const grantStatus = (g: any) => (g.voided_at ? 'voided' : 'granted');

export function CreditsUsagePanel({ customer }: { customer: { id: string; currency: string | null } }) {
  const { canWrite } = useSession();
  const grants = useLoad(() => api.get('/v1/billing/credit_grants', { customer: customer.id, limit: 100 }), [customer.id]);
  const summary = useLoad(
    () => api.get('/v1/billing/credit_balance_summary', { customer: customer.id, filter: { type: 'applicability_scope', applicability_scope: { price_type: 'metered' } } }),
    [customer.id],
  );
  const allowances = useLoad(() => api.get('/v1/recur/allowances', { customer: customer.id }), [customer.id]);
  const [granting, grant] = useDisclosure();
  const voiding = useAction();
  const reload = () => {
    grants.reload();
    summary.reload();
  };
  const available = summary.data?.balances?.[0]?.available_balance?.monetary;
  return (
    <Panel
      title="Credits and usage"
      mt="md"
      actions={
        canWrite ? (
          <Button size="xs" variant="default" onClick={grant.open}>
            Grant credits
          </Button>
        ) : null
      }
    >
      <Text size="sm" mb="sm" aria-label="Credit balance">
        Credit balance for metered usage: {available ? money(available.value, available.currency) : '—'}
      </Text>
      <ErrorAlert error={grants.error ?? summary.error ?? allowances.error ?? voiding.error} />
      <DataTable
        label="Credit grants"
        rows={grants.data?.data}
        empty="No credit grants."
        columns={[
          { header: 'Grant', cell: (g: any) => g.name ?? g.id },
          { header: 'Amount', cell: grantValue },
          { header: 'Category', cell: (g: any) => g.category },
          { header: 'Expires', cell: (g: any) => (g.expires_at ? date(g.expires_at) : 'never') },
          { header: 'Status', cell: (g: any) => <Badge variant="light" color={grantStatus(g) === 'granted' ? 'green' : 'gray'}>{grantStatus(g)}</Badge> },
          {
            cell: (g: any) =>
              canWrite && grantStatus(g) === 'granted' ? (
                <Button size="xs" variant="subtle" color="red" loading={voiding.busy} aria-label={`Void credit grant ${g.name ?? g.id}`}
                  onClick={() => voiding.run(async () => { await api.post(`/v1/billing/credit_grants/${g.id}/void`, {}); reload(); })}>
                  Void
                </Button>
              ) : null,
          },
        ]}
      />
      <Title order={5} mt="md" mb="xs">
        Usage allowances
      </Title>
      <DataTable
        label="Usage allowances"
        rows={allowances.data?.data}
        empty="No usage allowances."
        columns={[
          { header: 'Subscription item', cell: (a: any) => a.subscription_item, mono: true },
          { header: 'Units per paid period', cell: (a: any) => a.units.toLocaleString('en-US') },
          { header: 'Left now', cell: (a: any) => (a.remaining ?? 0).toLocaleString('en-US') },
          { header: 'Beyond it', cell: (a: any) => (a.overage === 'bill' ? 'billed' : 'refused') },
          { header: 'Since', cell: (a: any) => date(a.window_start) },
        ]}
      />
      <Modal opened={granting} onClose={grant.close} title="Grant credits">
        <GrantCredits customer={customer} onMade={() => { grant.close(); reload(); }} />
      </Modal>
    </Panel>
  );
}

function GrantCredits({ customer, onMade }: { customer: { id: string; currency: string | null }; onMade(): void }) {
  const currency = customer.currency ?? 'usd';
  const [amount, setAmount] = useState('');
  const [category, setCategory] = useState<string | null>('promotional');
  const [expires, setExpires] = useState('');
  const [name, setName] = useState('');
  const { busy, error, run, refuse } = useAction();
  const save = () => {
    const value = toMinor(amount, currency);
    if (value === null || value <= 0) return refuse('amount[monetary][value]', `Enter an amount in ${currency.toUpperCase()}, e.g. 25.00.`);
    return run(async () => {
      await api.post('/v1/billing/credit_grants', {
        customer: customer.id,
        amount: { type: 'monetary', monetary: { value, currency } },
        applicability_config: { scope: { price_type: 'metered' } },
        category,
        ...(name ? { name } : {}),
        ...(expires ? { expires_at: toUnix(expires) } : {}),
      });
      onMade();
    });
  };
  const err = (p: string) => fieldError(error, p);
  return (
    <Stack>
      <TextInput label="Grant name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={err('name')} />
      <TextInput label={`Credit amount (${currency.toUpperCase()})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={err('amount[monetary][value]')} data-autofocus />
      <Select label="Category" data={[{ value: 'promotional', label: 'Promotional' }, { value: 'paid', label: 'Paid' }]} value={category} onChange={setCategory} error={err('category')} />
      <TextInput label="Expires on (optional)" type="date" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} error={err('expires_at')} />
      <FormError error={error} fields={['amount[monetary][value]', 'expires_at', 'category', 'name']} title="The grant was refused" />
      <Button onClick={save} loading={busy}>
        Grant credits
      </Button>
    </Stack>
  );
}
