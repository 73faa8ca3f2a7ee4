// One invoice: lines and totals; on a draft edit lines, add items and finalize; on an open invoice
// pay (card or out of band), void, mark uncollectible; the PDF and the hosted page.
import { useState } from 'react';
import { Button, Grid, Group, Modal, NumberInput, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { date, dateTime, toMinor } from '../../shared/format.ts';
import { ErrorAlert, Facts, FormError, Loading, PageHeader, Panel, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { InvoiceLinesTable } from './invoice-preview.tsx';
import { DraftItems } from './draft-items.tsx';
import { InvoiceMoneyBack } from './invoice-money-back.tsx';

export function InvoicePage({ id }: { id: string }) {
  const { canWrite } = useSession();
  const inv = useLoad(() => api.get(`/v1/invoices/${id}`, { expand: ['customer'] }), [id]);
  const { pending, error, run } = useAction();
  const [adding, add] = useDisclosure();
  if (inv.error) return <ErrorAlert error={inv.error} />;
  if (!inv.data) return <Loading label="Loading invoice" />;
  const i = inv.data;
  const c = i.customer;
  const act = (label: string, change: () => Promise<unknown>, confirm?: string) => () => run(async () => (await change(), inv.reload()), { label, confirm });
  const isDraft = i.status === 'draft';
  const isOpen = i.status === 'open';
  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span>Invoice {i.number ?? ''}</span>
            <StatusBadge status={i.status} />
          </Group>
        }
        subtitle={
          <>
            <Link to={`/customers/${c.id}`}>{c.name || c.email || c.id}</Link> · <Text ff="monospace" size="xs" span>{i.id}</Text>
          </>
        }
      >
        {canWrite && isDraft ? (
          <>
            <Button variant="default" onClick={add.open}>
              Add item
            </Button>
            <Button loading={pending === 'finalize'} onClick={act('finalize', () => api.post(`/v1/invoices/${id}/finalize`, {}))}>
              Finalize invoice
            </Button>
            <Button variant="default" color="red" loading={pending === 'delete'} onClick={act('delete', () => api.del(`/v1/invoices/${id}`), 'Delete this draft invoice?')}>
              Delete draft
            </Button>
          </>
        ) : null}
        {canWrite && isOpen ? (
          <>
            <Button loading={pending === 'pay'} onClick={act('pay', () => api.post(`/v1/invoices/${id}/pay`, {}))}>
              Retry payment
            </Button>
            <Button variant="default" loading={pending === 'oob'} onClick={act('oob', () => api.post(`/v1/invoices/${id}/pay`, { paid_out_of_band: true }), 'Record this invoice as paid outside Recur (bank transfer, cheque)?')}>
              Mark paid out of band
            </Button>
            <Button variant="default" loading={pending === 'uncollectible'} onClick={act('uncollectible', () => api.post(`/v1/invoices/${id}/mark_uncollectible`, {}))}>
              Mark uncollectible
            </Button>
            <Button variant="default" color="red" loading={pending === 'void'} onClick={act('void', () => api.post(`/v1/invoices/${id}/void`, {}), 'Void this invoice? It can no longer be paid.')}>
              Void invoice
            </Button>
          </>
        ) : null}
        {i.invoice_pdf && !isDraft ? (
          <Button component="a" href={i.invoice_pdf} variant="default" target="_blank" rel="noopener">
            Download PDF
          </Button>
        ) : null}
        {i.hosted_invoice_url && !isDraft ? (
          <Button component="a" href={i.hosted_invoice_url} variant="subtle" target="_blank" rel="noopener">
            Hosted invoice page
          </Button>
        ) : null}
      </PageHeader>
      <ErrorAlert error={error} title="Refused" />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Panel title="Lines">
            <InvoiceLinesTable invoice={i} />
            {canWrite && isDraft ? <DraftItems invoice={i} onChanged={inv.reload} /> : null}
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md">
            <Facts
              rows={[
                ['Billing reason', i.billing_reason?.replace(/_/g, ' ') ?? '—'],
                ['Collection', i.collection_method === 'send_invoice' ? 'Send invoice' : 'Charge automatically'],
                ['Created', dateTime(i.created)],
                ['Finalizes', isDraft ? (i.automatically_finalizes_at ? dateTime(i.automatically_finalizes_at) : 'After review') : '—'],
                ['Due', date(i.due_date)],
                ['Attempts', String(i.attempt_count ?? 0)],
                ['Next attempt', dateTime(i.next_payment_attempt)],
                ['Paid', dateTime(i.status_transitions?.paid_at)],
                ['Subscription', i.parent?.subscription_details?.subscription ? <Link key="s" to={`/subscriptions/${i.parent.subscription_details.subscription}`}>{i.parent.subscription_details.subscription}</Link> : '—'],
              ]}
            />
          </Paper>
        </Grid.Col>
      </Grid>
      <InvoiceMoneyBack invoice={i} onChanged={inv.reload} />
      <Modal opened={adding} onClose={add.close} title="Add an item to this draft">
        <AddItem
          invoice={i}
          onAdded={() => {
            add.close();
            inv.reload();
          }}
        />
      </Modal>
    </>
  );
}

function AddItem({ invoice, onAdded }: { invoice: any; onAdded(): void }) {
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [quantity, setQuantity] = useState<number>(1);
  const { busy, error, run, refuse } = useAction();
  const submit = () => {
    const unit = toMinor(amount, invoice.currency);
    if (unit === null) return refuse('amount', `Enter an amount in ${invoice.currency.toUpperCase()}, e.g. 12.50.`);
    return run(async () => {
      await api.post('/v1/invoiceitems', {
        customer: typeof invoice.customer === 'string' ? invoice.customer : invoice.customer.id,
        invoice: invoice.id,
        description,
        quantity,
        currency: invoice.currency,
        unit_amount_decimal: String(unit),
      });
      onAdded();
    });
  };
  const err = (p: string) => fieldError(error, p);
  return (
    <Stack gap="sm">
      <TextInput label="Item description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={err('description')} data-autofocus />
      <Group grow>
        <TextInput label={`Unit amount (${invoice.currency.toUpperCase()})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={err('amount') ?? err('unit_amount_decimal')} />
        <NumberInput label="Item quantity" min={1} value={quantity} onChange={(v) => setQuantity(Number(v) || 1)} error={err('quantity')} />
      </Group>
      <FormError error={error} fields={['description', 'amount', 'unit_amount_decimal', 'quantity']} title={null} />
      <Button onClick={submit} loading={busy}>
        Add to invoice
      </Button>
    </Stack>
  );
}
