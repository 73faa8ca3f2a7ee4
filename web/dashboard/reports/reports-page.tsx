// Reports: MRR with its movements per month, subscriptions by status, revenue collected, failed
// payments with the recovery rate, receivables by age — each exportable as CSV; charts by recharts.
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { money } from '../../shared/format.ts';
import { Empty, ErrorAlert, Loading, PageHeader } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { FailedPaymentsChart, MrrMovementsChart, RevenueChart } from './charts.tsx';

const MONEY_COLUMNS = new Set(['mrr', 'new', 'expansion', 'contraction', 'churn', 'reactivation', 'amount', 'amount_failed', 'total', 'days_0_30', 'days_31_60', 'days_61_90', 'days_over_90']);

function ReportTable({ title, name, columns, rows }: { title: string; name: string; columns: Array<[string, string]>; rows?: any[] }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        <Button component="a" href={`/v1/recur/reports/${name}.csv`} download={`${name}.csv`} size="xs" variant="default" aria-label={`Export ${title} as CSV`}>
          Export CSV
        </Button>
      </Group>
      {!rows ? (
        <Loading />
      ) : rows.length ? (
        <Table striped aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              {columns.map(([k, label]) => (
                <Table.Th key={k} ta={MONEY_COLUMNS.has(k) ? 'right' : undefined}>
                  {label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}>
                {columns.map(([k]) => (
                  <Table.Td key={k} ta={MONEY_COLUMNS.has(k) ? 'right' : undefined}>
                    {MONEY_COLUMNS.has(k) ? money(r[k], r.currency) : k === 'recovery_rate' ? `${Math.round(r[k] * 100)}%` : String(r[k])}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Empty>Nothing yet.</Empty>
      )}
    </Paper>
  );
}

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
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            MRR now
          </Text>
          <Stack gap={0} aria-label="MRR now">
            {mrr.data ? (
              mrr.data.current.length ? (
                mrr.data.current.map((m: any) => (
                  <Text fz={26} fw={700} key={m.currency}>
                    {money(m.mrr, m.currency)}
                  </Text>
                ))
              ) : (
                <Text fz={26} fw={700}>
                  {money(0, 'usd')}
                </Text>
              )
            ) : (
              <Loading />
            )}
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            Active subscriptions
          </Text>
          <Text fz={26} fw={700}>
            {subs.data ? active : '…'}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            Receivables
          </Text>
          {(ar.data?.data ?? []).map((r: any) => (
            <Text fz={26} fw={700} key={r.currency}>
              {money(r.total, r.currency)}
            </Text>
          ))}
          {ar.data && !ar.data.data.length ? (
            <Text fz={26} fw={700}>
              {money(0, 'usd')}
            </Text>
          ) : null}
        </Paper>
      </SimpleGrid>
      <Stack>
        {mrr.data?.data.length ? <MrrMovementsChart rows={mrr.data.data} /> : null}
        {revenue.data?.data.length || failed.data?.data.length ? (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {revenue.data?.data.length ? <RevenueChart rows={revenue.data.data} /> : null}
            {failed.data?.data.length ? <FailedPaymentsChart rows={failed.data.data} /> : null}
          </SimpleGrid>
        ) : null}
        <ReportTable
          title="MRR movements by month"
          name="mrr"
          rows={mrr.data?.data}
          columns={[
            ['month', 'Month'],
            ['currency', 'Currency'],
            ['new', 'New'],
            ['expansion', 'Expansion'],
            ['contraction', 'Contraction'],
            ['churn', 'Churn'],
            ['reactivation', 'Reactivation'],
            ['mrr', 'MRR'],
          ]}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <ReportTable title="Subscriptions by status" name="subscriptions" rows={subs.data?.data} columns={[['status', 'Status'], ['subscriptions', 'Subscriptions']]} />
          <ReportTable title="Revenue collected" name="revenue" rows={revenue.data?.data} columns={[['month', 'Month'], ['currency', 'Currency'], ['invoices', 'Invoices paid'], ['amount', 'Collected']]} />
        </SimpleGrid>
        <ReportTable
          title="Failed payments and recovery"
          name="failed_payments"
          rows={failed.data?.data}
          columns={[
            ['month', 'Month'],
            ['currency', 'Currency'],
            ['failed_charges', 'Failed charges'],
            ['amount_failed', 'Amount failed'],
            ['invoices_hit', 'Invoices affected'],
            ['recovered', 'Recovered'],
            ['recovery_rate', 'Recovery rate'],
          ]}
        />
        <ReportTable
          title="Receivables by age"
          name="receivables"
          rows={ar.data?.data}
          columns={[
            ['currency', 'Currency'],
            ['invoices', 'Open invoices'],
            ['days_0_30', '0–30 days'],
            ['days_31_60', '31–60 days'],
            ['days_61_90', '61–90 days'],
            ['days_over_90', 'Over 90 days'],
            ['total', 'Total'],
          ]}
        />
      </Stack>
    </>
  );
}
