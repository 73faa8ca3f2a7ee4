// The reports' charts (recharts): MRR with its monthly movements (gains up, losses down, MRR as a
// line), revenue collected, and failed payments against those recovered. One currency per chart:
// the first the report has, or the one chosen. Amounts arrive in minor units and are shown as money.
import { Text } from '@mantine/core';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { exponentOf, money } from '../../shared/format.ts';
import { Panel } from '../../shared/ui.tsx';

type Row = Record<string, any> & { month: string; currency: string };

const COLORS = {
  new: '#2f9e44',
  expansion: '#74b816',
  reactivation: '#1098ad',
  contraction: '#f08c00',
  churn: '#e03131',
  mrr: '#3b5bdb',
  amount: '#4c6ef5',
  failed: '#e03131',
  recovered: '#2f9e44',
};

/** Rows of one currency, oldest first, the last 12 months. */
const ofCurrency = (rows: Row[], currency: string) => rows.filter((r) => r.currency === currency).slice(-12);

function ChartCard({ title, label, note, children }: { title: string; label: string; note?: string; children: React.ReactElement }) {
  return (
    <Panel title={title}>
      <div role="img" aria-label={label} style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
      {note ? (
        <Text size="xs" c="dimmed" mt={4}>
          {note}
        </Text>
      ) : null}
    </Panel>
  );
}

const axisMoney = (currency: string) => (v: number) => money(Math.round(v * 10 ** exponentOf(currency)), currency).replace(/\.00$/, '');
const toMajor = (minor: number, currency: string) => minor / 10 ** exponentOf(currency);

export function MrrMovementsChart({ rows }: { rows: Row[] }) {
  const currency = rows[0].currency;
  const data = ofCurrency(rows, currency).map((r) => ({
    month: r.month,
    New: toMajor(r.new, currency),
    Expansion: toMajor(r.expansion, currency),
    Reactivation: toMajor(r.reactivation, currency),
    Contraction: -toMajor(r.contraction, currency),
    Churn: -toMajor(r.churn, currency),
    MRR: toMajor(r.mrr, currency),
  }));
  const fmt = axisMoney(currency);
  return (
    <ChartCard
      title={`MRR and its movements (${currency.toUpperCase()})`}
      label={`MRR and its movements by month in ${currency.toUpperCase()}`}
      note="Gains above the line, losses below; the line is MRR at each month's end. Licensed prices normalized to a month; metered usage, prorations and discounts left out."
    >
      <ComposedChart data={data} stackOffset="sign" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" fontSize={12} />
        <YAxis tickFormatter={fmt} fontSize={12} width={80} />
        <Tooltip formatter={(v) => fmt(Number(v))} />
        <Legend />
        <ReferenceLine y={0} stroke="#868e96" />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="New" stackId="m" fill={COLORS.new} />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="Expansion" stackId="m" fill={COLORS.expansion} />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="Reactivation" stackId="m" fill={COLORS.reactivation} />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="Contraction" stackId="m" fill={COLORS.contraction} />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="Churn" stackId="m" fill={COLORS.churn} />
        <Line isAnimationActive={false} dataKey="MRR" type="monotone" stroke={COLORS.mrr} strokeWidth={2} dot />
      </ComposedChart>
    </ChartCard>
  );
}

export function RevenueChart({ rows }: { rows: Row[] }) {
  const currency = rows[0].currency;
  const data = ofCurrency(rows, currency).map((r) => ({ month: r.month, Collected: toMajor(r.amount, currency) }));
  const fmt = axisMoney(currency);
  return (
    <ChartCard title={`Revenue collected (${currency.toUpperCase()})`} label={`Revenue collected by month in ${currency.toUpperCase()}`}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" fontSize={12} />
        <YAxis tickFormatter={fmt} fontSize={12} width={80} />
        <Tooltip formatter={(v) => fmt(Number(v))} />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="Collected" fill={COLORS.amount} />
      </ComposedChart>
    </ChartCard>
  );
}

export function FailedPaymentsChart({ rows }: { rows: Row[] }) {
  const currency = rows[0].currency;
  const data = ofCurrency(rows, currency).map((r) => ({ month: r.month, 'Invoices affected': r.invoices_hit, Recovered: r.recovered }));
  return (
    <ChartCard title={`Failed payments and recovery (${currency.toUpperCase()})`} label={`Invoices hit by failed payments and recovered, by month, in ${currency.toUpperCase()}`}>
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" fontSize={12} />
        <YAxis allowDecimals={false} fontSize={12} width={40} />
        <Tooltip />
        <Legend />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="Invoices affected" fill={COLORS.failed} />
        <Bar isAnimationActive={false} maxBarSize={56} dataKey="Recovered" fill={COLORS.recovered} />
      </ComposedChart>
    </ChartCard>
  );
}
