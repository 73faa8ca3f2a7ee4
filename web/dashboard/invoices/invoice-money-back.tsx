// An invoice's payments, refunds and credit notes, with the Refund (a paid invoice's card payment)
// and Credit note (open or paid invoice) buttons; each payment links to its charge and disputes.
import { Badge, Button, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime, money } from '../../shared/format.ts';
import { DataTable, type Column } from '../../shared/data-table.tsx';
import { ErrorAlert, Loading, Noted, Panel, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { RefundDialog } from './refund-dialog.tsx';
import { CreditNoteDialog } from './credit-note-dialog.tsx';

async function loadMoneyBack(invoice: any) {
  const withPayments = await api.get(`/v1/invoices/${invoice.id}`, { expand: ['payments'] });
  const intents: string[] = (withPayments.payments?.data ?? []).map((p: any) => p.payment?.payment_intent).filter(Boolean);
  const unique = [...new Set(intents)];
  const [charges, refunds, creditNotes] = await Promise.all([
    Promise.all(unique.map((pi) => api.get('/v1/charges', { payment_intent: pi, limit: 100 }))),
    Promise.all(unique.map((pi) => api.get('/v1/refunds', { payment_intent: pi, limit: 100 }))),
    api.get('/v1/credit_notes', { invoice: invoice.id, limit: 100 }),
  ]);
  return { charges: charges.flatMap((c) => c.data), refunds: refunds.flatMap((r) => r.data), creditNotes: creditNotes.data as any[] };
}

export function InvoiceMoneyBack({ invoice, onChanged }: { invoice: any; onChanged(): void }) {
  const { canWrite } = useSession();
  const data = useLoad(() => loadMoneyBack(invoice), [invoice]);
  const [refunding, refund] = useDisclosure();
  const [crediting, credit] = useDisclosure();
  if (invoice.status === 'draft') return null;
  const cur = invoice.currency;
  const paidCharge = data.data?.charges.find((c: any) => c.status === 'succeeded' && c.captured !== false);
  const refundable = paidCharge ? paidCharge.amount_captured - paidCharge.amount_refunded : 0;
  const canRefund = canWrite && invoice.status === 'paid' && paidCharge && refundable > 0 && !paidCharge.disputed;
  const canCredit = canWrite && (invoice.status === 'paid' || invoice.status === 'open');
  const changed = () => {
    refund.close();
    credit.close();
    data.reload();
    onChanged();
  };
  return (
    <Panel
      title="Payments, refunds and credit notes"
      mt="md"
      actions={
        <>
          {canRefund ? (
            <Button variant="default" onClick={refund.open}>
              Refund
            </Button>
          ) : null}
          {canCredit ? (
            <Button variant="default" onClick={credit.open}>
              Credit note
            </Button>
          ) : null}
        </>
      }
    >
      <ErrorAlert error={data.error} />
      {!data.data ? (
        data.error ? null : <Loading label="Loading payments" />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <MoneyList title="Charges" rows={data.data.charges} empty="No card payments." columns={[
              {
                cell: (c) => (
                  <Noted note={dateTime(c.created)}>
                    <Link to={`/charges/${c.id}`} aria-label={`Charge ${c.id}`}>
                      {money(c.amount, c.currency)}
                    </Link>
                  </Noted>
                ),
              },
              {
                cell: (c) => (
                  <>
                    <StatusBadge status={c.status} />
                    {c.amount_refunded ? <Text size="xs">{money(c.amount_refunded, c.currency)} refunded</Text> : null}
                    {c.disputed ? <Badge color="red" variant="light" radius="sm">disputed</Badge> : null}
                  </>
                ),
              },
            ]}
          />
          <MoneyList title="Refunds" rows={data.data.refunds} empty="No refunds." columns={[
              { cell: (r) => money(r.amount, r.currency) },
              { cell: (r) => <StatusBadge status={r.status} /> },
              {
                cell: (r) => (
                  <Noted note={dateTime(r.created)}>
                    <Text size="xs">{r.reason?.replace(/_/g, ' ') ?? '—'}</Text>
                  </Noted>
                ),
              },
            ]}
          />
          <MoneyList title="Credit notes" rows={data.data.creditNotes} empty="No credit notes." columns={[
              {
                cell: (n) => (
                  <Noted note={n.reason?.replace(/_/g, ' ') ?? ''}>
                    <Text size="sm">{n.number}</Text>
                  </Noted>
                ),
              },
              { cell: (n) => money(n.total, n.currency) },
              {
                cell: (n) => (
                  <>
                    <Text size="xs">{destinationOf(n)}</Text>
                    {n.status === 'void' ? <StatusBadge status="void" /> : null}
                  </>
                ),
              },
            ]}
          />
        </SimpleGrid>
      )}
      <Modal opened={refunding} onClose={refund.close} title="Refund this invoice's payment">
        {refunding && paidCharge ? <RefundDialog paymentIntent={paidCharge.payment_intent} refundable={refundable} currency={cur} onDone={changed} /> : null}
      </Modal>
      <Modal opened={crediting} onClose={credit.close} title="Issue a credit note" size="lg">
        {crediting ? <CreditNoteDialog invoice={invoice} onDone={changed} /> : null}
      </Modal>
    </Panel>
  );
}

/** One of the three lists: a heading, then its rows (no column headings). */
function MoneyList({ title, ...table }: { title: string; rows: any[]; empty: string; columns: Array<Column<any>> }) {
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <DataTable label={`${title} of this invoice`} {...table} />
    </Stack>
  );
}

function destinationOf(n: any): string {
  const parts: string[] = [];
  if (n.type === 'pre_payment') return 'lowered the amount due';
  if (n.refunds?.length || n.refund_amount) parts.push('refunded');
  if (n.customer_balance_transaction || n.credit_amount) parts.push('to balance');
  if (n.out_of_band_amount) parts.push('out of band');
  return parts.join(', ') || 'to balance';
}
