// A list of API objects as a table: a loading state until the rows come, a line saying there are
// none, or one row per object with the columns given. Every list page draws its table with it.
import { Badge, Button, Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Empty, Loading } from './ui.tsx';

export interface Column<T> {
  header?: ReactNode;
  cell: (row: T) => ReactNode;
  /** Monospace cells (ids, codes). */
  mono?: boolean;
  /** Right-aligned cells and header (amounts). */
  numeric?: boolean;
  /** The widest a cell may grow, in pixels. */
  maw?: number;
}

type Look = Pick<TableProps, 'striped' | 'highlightOnHover' | 'verticalSpacing'>;

/** Rows are keyed by their `id`, or by `rowKey`. While `rows` has not come, a failed load (`error`) shows nothing here. */
export function DataTable<T>(props: { label: string; rows: T[] | undefined; columns: Array<Column<T>>; empty: ReactNode; error?: unknown; rowKey?: (row: T) => string } & Look) {
  const { label, rows, columns, empty, error, rowKey, ...look } = props;
  if (!rows) return error ? null : <Loading label={`Loading ${label.toLowerCase()}`} />;
  if (!rows.length) return <Empty>{empty}</Empty>;
  const align = (c: Column<T>) => (c.numeric ? 'right' : undefined);
  return (
    <Table aria-label={label} {...look}>
      {columns.some((c) => c.header !== undefined) ? (
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => (
              <Table.Th key={i} ta={align(c)}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
      ) : null}
      <Table.Tbody>
        {rows.map((row, r) => (
          <Table.Tr key={rowKey ? rowKey(row) : ((row as { id?: string }).id ?? r)}>
            {columns.map((c, i) => (
              <Table.Td key={i} ff={c.mono ? 'monospace' : undefined} ta={align(c)} maw={c.maw}>
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

/** A catalog list's last column: the button that turns an object off (`verbs[0]`) or on again, for staff who may write. */
export function switchColumn<T>(opts: { canWrite: boolean; isOn(row: T): boolean; verbs: [string, string]; name(row: T): string; onClick(row: T): void; busy?: boolean }): Column<T> {
  return {
    cell: (row) => {
      if (!opts.canWrite) return null;
      const verb = opts.verbs[opts.isOn(row) ? 0 : 1];
      return (
        <Button size="xs" variant="subtle" loading={opts.busy} onClick={() => opts.onClick(row)} aria-label={`${verb} ${opts.name(row)}`}>
          {verb}
        </Button>
      );
    },
  };
}
