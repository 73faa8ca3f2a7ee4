// One report on the reports page, as a card: its title, a CSV export of the report when it has one,
// and what shows it (a table or a chart).
import type { ReactNode } from 'react';
import { Button, Group, Paper, Title } from '@mantine/core';

export function ReportCard({ title, csv, children }: { title: string; csv?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        {csv ? (
          <Button component="a" href={`/v1/recur/reports/${csv}.csv`} download={`${csv}.csv`} size="xs" variant="default" aria-label={`Export ${title} as CSV`}>
            Export CSV
          </Button>
        ) : null}
      </Group>
      {children}
    </Paper>
  );
}
