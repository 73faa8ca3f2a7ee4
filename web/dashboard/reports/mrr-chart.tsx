// MRR per month as bars (SVG, no chart library): the height is the month's MRR in the first currency.
import { Paper, Text, Title } from '@mantine/core';
import { money } from '../../shared/format.ts';

export function MrrChart({ rows }: { rows: Array<{ month: string; currency: string; mrr: number }> }) {
  const currency = rows[0].currency;
  const data = rows.filter((r) => r.currency === currency).slice(-12);
  const max = Math.max(1, ...data.map((r) => r.mrr));
  const w = 56;
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">
        MRR by month ({currency.toUpperCase()})
      </Title>
      <svg role="img" aria-label={`MRR by month in ${currency.toUpperCase()}`} width="100%" height={180} viewBox={`0 0 ${data.length * w} 180`} preserveAspectRatio="xMinYMid meet">
        {data.map((r, i) => {
          const h = Math.round((r.mrr / max) * 130);
          return (
            <g key={r.month}>
              <rect x={i * w + 8} y={150 - h} width={w - 16} height={h} fill="var(--mantine-color-indigo-5)" rx={3}>
                <title>{`${r.month}: ${money(r.mrr, r.currency)}`}</title>
              </rect>
              <text x={i * w + w / 2} y={168} textAnchor="middle" fontSize={11} fill="var(--mantine-color-dimmed)">
                {r.month}
              </text>
            </g>
          );
        })}
      </svg>
      <Text size="xs" c="dimmed">
        Licensed prices billed in each month, normalized to a month; metered usage, prorations and discounts are left out.
      </Text>
    </Paper>
  );
}
