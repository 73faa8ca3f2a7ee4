// Reports: MRR with its movements per month, subscriptions by status, revenue collected, failed
// payments with the recovery rate, receivables by age — each exportable as CSV; charts by recharts.
import { Button, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { money } from '../../shared/format.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, Loading, PageHeader, Panel } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { FailedPaymentsChart, MrrMovementsChart, RevenueChart } from './charts.tsx';

const MONEY_COLUMNS = new Set(['mrr', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'amount', 'amount_failed', 'total', 'days_0_30', 'days_31_60', 'days_61_90', 'days_over_90']);

/** What each report column is called; a report may call one its own way (`[column, label]`). */
const LABELS: Record<string, string> = {
  month: 'Month', currency: 'Currency', status: 'Status', subscriptions: 'Subscriptions', amount: 'Collected', total: 'Total', mrr: 'MRR',
  new: 'New', expansion: 'Expansion', contraction: 'Contraction', churn: 'Churn', reactivation: 'Reactivation',
  failed_charges: 'Failed charges', amount_failed: 'Amount failed', invoices_hit: 'Invoices affected', recovered: 'Recovered', recovery_rate: 'Recovery rate',
  days_0_30: '0–30 days', days_31_60: '31–60 days', days_61_90: '61–90 days', days_over_90: 'Over 90 days',
};

const cellOf = (k: string) => (r: any) => (MONEY_COLUMNS.has(k) ? money(r[k], r.currency) : k === 'recovery_rate' ? `${Math.round(r[k] * 100)}%` : String(r[k]));

function ReportTable({ title, name, columns, rows }: { title: string; name: string; columns: Array<string | [string, string]>; rows?: any[] }) {
  return (
    <Panel
      title={title}
      actions={
        <Button component="a" href={`/v1/recur/reports/${name}.csv`} download={`${name}.csv`} size="xs" variant="default" aria-label={`Export ${title} as CSV`}>
          Export CSV
        </Button>
      }
    >
      <DataTable
        label={title}
        rows={rows}
        empty="Nothing yet."
        striped
        columns={columns.map((c) => {
          const [k, label] = typeof c === 'string' ? [c, LABELS[c]] : c;
          return { header: label, cell: cellOf(k), numeric: MONEY_COLUMNS.has(k) };
        })}
      />
    </Panel>
  );
}

/** A figure at the top of the page: one line per currency, $0.00 when there is none, a loader until it comes. */
function Figure({ label, lines }: { label: string; lines?: string[] }) {
  return (
    <Paper withBorder p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Stack gap={0} aria-label={label}>
        {lines
          ? (lines.length ? lines : [money(0, 'usd')]).map((line, i) => (
              <Text fz={26} fw={700} key={i}>
                {line}
              </Text>
            ))
          : <Loading />}
      </Stack>
    </Paper>
  );
}

const perCurrency = (rows: any[] | undefined, key: string) => rows?.map((r) => money(r[key], r.currency));

export function ReportsPage() {
  const mrr = useLoad(() => api.get('/v1/recur/reports/mrr'), []);
  const subs = useLoad(() => api.get('/v1/recur/reports/subscriptions'), []);
  const revenue = useLoad(() => api.get('/v1/recur/reports/revenue'), []);
  const failed = useLoad(() => api.get('/v1/recur/reports/failed_payments'), []);
  const ar = useLoad(() => api.get('/v1/recur/reports/receivables'), []);
  const active = (subs.data?.data ?? []).filter((r: any) => ['active', 'trialing', 'past_due'].includes(r.status)).reduce((n: number, r: any) => n + r.subscriptions, 0);
  return (
    <>
      <PageHeader title="Revenue and MRR" subtitle="Computed from invoices and subscriptions; amounts in each currency" />
      <ErrorAlert error={mrr.error ?? subs.error ?? revenue.error ?? failed.error ?? ar.error} />
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <Figure label="MRR now" lines={perCurrency(mrr.data?.current, 'mrr')} />
        <Figure label="Active subscriptions" lines={subs.data ? [String(active)] : undefined} />
        <Figure label="Receivables" lines={perCurrency(ar.data?.data, 'total')} />
      </SimpleGrid>
      <Stack>
        {mrr.data?.data.length ? <MrrMovementsChart rows={mrr.data.data} /> : null}
        {revenue.data?.data.length || failed.data?.data.length ? (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {revenue.data?.data.length ? <RevenueChart rows={revenue.data.data} /> : null}
            {failed.data?.data.length ? <FailedPaymentsChart rows={failed.data.data} /> : null}
          </SimpleGrid>
        ) : null}
        <ReportTable title="MRR movements by month" name="mrr" rows={mrr.data?.data} columns={['month', 'currency', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'mrr']} />
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <ReportTable title="Subscriptions by status" name="subscriptions" rows={subs.data?.data} columns={['status', 'subscriptions']} />
          <ReportTable title="Revenue collected" name="revenue" rows={revenue.data?.data} columns={['month', 'currency', ['invoices', 'Invoices paid'], 'amount']} />
        </SimpleGrid>
        <ReportTable title="Failed payments and recovery" name="failed_payments" rows={failed.data?.data} columns={['month', 'currency', 'failed_charges', 'amount_failed', 'invoices_hit', 'recovered', 'recovery_rate']} />
        <ReportTable title="Receivables by age" name="receivables" rows={ar.data?.data} columns={['currency', ['invoices', 'Open invoices'], 'days_0_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total']} />
      </Stack>
    </>
  );
}
