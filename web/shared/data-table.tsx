// A list of API objects as a table: a loading state until the rows come, a line saying there are
// none, or one row per object with the columns given. Every list page draws its table with it.
import { Badge, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { Empty, Loading } from './ui.tsx';

export interface Column<T> {
  header?: ReactNode;
  cell: (row: T) => ReactNode;
  /** Monospace cells (ids, codes). */
  mono?: boolean;
}

export function DataTable<T extends { id: string }>(props: { label: string; rows: T[] | undefined; columns: Array<Column<T>>; empty: ReactNode }) {
  const { label, rows, columns, empty } = props;
  if (!rows) return <Loading label={`Loading ${label.toLowerCase()}`} />;
  if (!rows.length) return <Empty>{empty}</Empty>;
  return (
    <Table aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) => (
            <Table.Th key={i}>{c.header}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.id}>
            {columns.map((c, i) => (
              <Table.Td key={i} ff={c.mono ? 'monospace' : undefined}>
                {c.cell(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Whether a catalog object is in use: green `active`, or grey with the word for the other state. */
export const ActiveBadge = ({ active, inactive }: { active: boolean; inactive: string }) =>
  active ? (
    <Badge color="green" variant="light">
      active
    </Badge>
  ) : (
    <Badge color="gray" variant="light">
      {inactive}
    </Badge>
  );
