// An invoice's payments, refunds and credit notes, with the Refund (a paid invoice's card payment)
// and Credit note (open or paid invoice) buttons; each payment links to its charge and disputes.
import { Badge, Button, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime, money } from '../../shared/format.ts';
import { Empty, ErrorAlert, Loading, StatusBadge } from '../../shared/ui.tsx';
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
    <Paper withBorder p="md" mt="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Payments, refunds and credit notes</Title>
        <Group gap="xs">
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
        </Group>
      </Group>
      <ErrorAlert error={data.error} />
      {!data.data ? (
        data.error ? null : <Loading label="Loading payments" />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Stack gap={4}>
            <Text fw={600} size="sm">
              Charges
            </Text>
            {data.data.charges.length ? (
              <Table aria-label="Charges of this invoice">
                <Table.Tbody>
                  {data.data.charges.map((c: any) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Link to={`/charges/${c.id}`} aria-label={`Charge ${c.id}`}>
                          {money(c.amount, c.currency)}
                        </Link>
                        <Text size="xs" c="dimmed">
                          {dateTime(c.created)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={c.status} />
                        {c.amount_refunded ? <Text size="xs">{money(c.amount_refunded, c.currency)} refunded</Text> : null}
                        {c.disputed ? <Badge color="red" variant="light" radius="sm">disputed</Badge> : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Empty>No card payments.</Empty>
            )}
          </Stack>
          <Stack gap={4}>
            <Text fw={600} size="sm">
              Refunds
            </Text>
            {data.data.refunds.length ? (
              <Table aria-label="Refunds of this invoice">
                <Table.Tbody>
                  {data.data.refunds.map((r: any) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{money(r.amount, r.currency)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={r.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{r.reason?.replace(/_/g, ' ') ?? '—'}</Text>
                        <Text size="xs" c="dimmed">
                          {dateTime(r.created)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Empty>No refunds.</Empty>
            )}
          </Stack>
          <Stack gap={4}>
            <Text fw={600} size="sm">
              Credit notes
            </Text>
            {data.data.creditNotes.length ? (
              <Table aria-label="Credit notes of this invoice">
                <Table.Tbody>
                  {data.data.creditNotes.map((n: any) => (
                    <Table.Tr key={n.id}>
                      <Table.Td>
                        <Text size="sm">{n.number}</Text>
                        <Text size="xs" c="dimmed">
                          {n.reason?.replace(/_/g, ' ') ?? ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>{money(n.total, n.currency)}</Table.Td>
                      <Table.Td>
                        <Text size="xs">{destinationOf(n)}</Text>
                        {n.status === 'void' ? <StatusBadge status="void" /> : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Empty>No credit notes.</Empty>
            )}
          </Stack>
        </SimpleGrid>
      )}
      <Modal opened={refunding} onClose={refund.close} title="Refund this invoice's payment">
        {refunding && paidCharge ? <RefundDialog paymentIntent={paidCharge.payment_intent} refundable={refundable} currency={cur} onDone={changed} /> : null}
      </Modal>
      <Modal opened={crediting} onClose={credit.close} title="Issue a credit note" size="lg">
        {crediting ? <CreditNoteDialog invoice={invoice} onDone={changed} /> : null}
      </Modal>
    </Paper>
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
