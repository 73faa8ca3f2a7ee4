// Settings → Payment retries: the days after a first failed payment at which Recur charges again,
// and what the subscription and the invoice become when the last retry fails.
import { useEffect, useState } from 'react';
import { Button, Group, NumberInput, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { dateTime } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { ErrorAlert, FormError, Loading, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';

const SUBSCRIPTION_ACTIONS = [
  { value: 'cancel', label: 'Cancel the subscription' },
  { value: 'unpaid', label: 'Mark the subscription unpaid' },
  { value: 'past_due', label: 'Leave the subscription past due' },
];
const INVOICE_ACTIONS = [
  { value: 'open', label: 'Leave the invoice open' },
  { value: 'mark_uncollectible', label: 'Mark the invoice uncollectible' },
];

export function RetrySettingsPage() {
  const { canWrite } = useSession();
  const settings = useLoad(() => api.get('/v1/recur/settings/billing'), []);
  const [schedule, setSchedule] = useState('');
  const [subscriptionAction, setSubscriptionAction] = useState('cancel');
  const [invoiceAction, setInvoiceAction] = useState('open');
  const [overdue, setOverdue] = useState<number | string>(30);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    setSchedule(s.retry_schedule.join(', '));
    setSubscriptionAction(s.subscription_action);
    setInvoiceAction(s.invoice_action);
    setOverdue(s.send_invoice_overdue_days);
  }, [settings.data]);
  const save = () => {
    setSaved(false);
    const days = schedule.split(/[\s,]+/).filter(Boolean);
    return run(async () => {
      await api.post('/v1/recur/settings/billing', {
        retry_schedule: days.length ? days : '',
        subscription_action: subscriptionAction,
        invoice_action: invoiceAction,
        send_invoice_overdue_days: overdue,
      });
      setSaved(true);
      settings.reload();
    });
  };
  if (!settings.data) return settings.error ? <ErrorAlert error={settings.error} /> : <Loading label="Loading retry settings" />;
  const err = (p: string) => fieldError(error, p);
  return (
    <>
      <PageHeader title="Payment retries" subtitle="When a card payment fails, Recur tries again on these days, then applies what you choose below" />
      <Paper withBorder p="md" maw={720}>
        <Stack>
          <TextInput
            label="Retry on these days after the first failed attempt"
            description="Increasing whole days between 1 and 60, separated by commas; leave empty for no retries"
            value={schedule}
            onChange={(e) => setSchedule(e.currentTarget.value)}
            error={err('retry_schedule')}
            disabled={!canWrite}
          />
          <Group grow align="flex-start">
            <Select
              label="When the last retry fails, the subscription"
              data={SUBSCRIPTION_ACTIONS}
              value={subscriptionAction}
              onChange={(v) => setSubscriptionAction(v ?? 'cancel')}
              allowDeselect={false}
              error={err('subscription_action')}
              disabled={!canWrite}
            />
            <Select
              label="and the invoice"
              data={INVOICE_ACTIONS}
              value={invoiceAction}
              onChange={(v) => setInvoiceAction(v ?? 'open')}
              allowDeselect={false}
              error={err('invoice_action')}
              disabled={!canWrite}
            />
          </Group>
          <NumberInput
            label="Days a sent invoice may stay unpaid past its due date before the same applies"
            min={0}
            max={365}
            value={overdue}
            onChange={setOverdue}
            error={err('send_invoice_overdue_days')}
            disabled={!canWrite}
            maw={420}
          />
          <FormError error={error} fields={['retry_schedule', 'subscription_action', 'invoice_action', 'send_invoice_overdue_days']} />
          <Group>
            {canWrite ? (
              <Button onClick={save} loading={busy}>
                Save retry settings
              </Button>
            ) : null}
            {saved ? (
              <Text size="sm" c="green" role="status">
                Saved. Retries scheduled from now on follow these settings.
              </Text>
            ) : null}
            <Text size="xs" c="dimmed">
              {settings.data.updated ? `Last changed ${dateTime(settings.data.updated)}` : 'The defaults'}
            </Text>
          </Group>
        </Stack>
      </Paper>
    </>
  );
}
