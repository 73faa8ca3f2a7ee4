// Invoices as a table: number, customer, status, amounts and dates, with a link to each.
import { Text } from '@mantine/core';
import { date, money } from '../../shared/format.ts';
import { DataTable, type Column } from '../../shared/data-table.tsx';
import { StatusBadge } from '../../shared/ui.tsx';
import { Link } from '../router.tsx';

/** With `customers` (by id), a column names each invoice's customer. */
export function InvoiceTable({ invoices, customers }: { invoices: any[] | undefined; customers?: Record<string, any> }) {
  const columns: Array<Column<any>> = [
    {
      header: 'Invoice',
      cell: (i) => (
        <Link to={`/invoices/${i.id}`} aria-label={`Invoice ${i.number ?? i.id}`}>
          <Text ff="monospace" size="xs" span>
            {i.number ?? i.id}
          </Text>
        </Link>
      ),
    },
    { header: 'Status', cell: (i) => <StatusBadge status={i.status} /> },
    { header: 'Total', cell: (i) => money(i.total, i.currency), numeric: true },
    { header: 'Due', cell: (i) => money(i.amount_remaining, i.currency), numeric: true },
    { header: 'Created', cell: (i) => date(i.created) },
    { header: 'Due date', cell: (i) => date(i.due_date) },
  ];
  if (customers)
    columns.splice(1, 0, {
      header: 'Customer',
      cell: (i) => <Link to={`/customers/${i.customer}`}>{customers[i.customer]?.name || customers[i.customer]?.email || i.customer}</Link>,
    });
  return <DataTable label="Invoices" rows={invoices} empty="No invoices." columns={columns} highlightOnHover striped />;
}
