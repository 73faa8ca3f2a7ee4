// Billing → Disputes: every dispute, newest first, with its charge, amount, reason, status and
// evidence deadline; each opens its charge's page.
import { Paper, Text } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime, money } from '../../shared/format.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, PageHeader, StatusBadge } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { Link } from '../router.tsx';
import { Pager, usePager } from '../pager.tsx';

export function DisputesPage() {
  const pager = usePager([]);
  const disputes = useLoad(() => api.get('/v1/disputes', { limit: 25, starting_after: pager.cursor }), [pager.cursor]);
  return (
    <>
      <PageHeader title="Disputes" subtitle="Charges the cardholder's bank has disputed; respond with evidence before the deadline" />
      <ErrorAlert error={disputes.error} />
      <Paper withBorder>
        <DataTable
          label="Disputes"
          rows={disputes.data?.data}
          error={disputes.error}
          empty="No disputes."
          columns={[
            { header: 'Amount', cell: (d: any) => money(d.amount, d.currency) },
            { header: 'Reason', cell: (d: any) => d.reason?.replace(/_/g, ' ') },
            { header: 'Status', cell: (d: any) => <StatusBadge status={d.status} /> },
            { header: 'Evidence due', cell: (d: any) => dateTime(d.evidence_details?.due_by) },
            {
              header: 'Charge',
              cell: (d: any) => (
                <Link to={`/charges/${d.charge}`} aria-label={`Dispute ${d.id} on charge ${d.charge}`}>
                  <Text ff="monospace" size="xs" span>
                    {d.charge}
                  </Text>
                </Link>
              ),
            },
            { header: 'Opened', cell: (d: any) => dateTime(d.created) },
          ]}
        />
      </Paper>
      <Pager pager={pager} page={disputes.data} />
    </>
  );
}
