// Billing → Disputes: every dispute, newest first, with its charge, amount, reason, status and
// evidence deadline; each opens its charge's page.
import { Paper, Table, Text } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime, money } from '../../shared/format.ts';
import { Empty, ErrorAlert, Loading, PageHeader, StatusBadge } from '../../shared/ui.tsx';
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
        {!disputes.data ? (
          disputes.error ? null : <Loading label="Loading disputes" />
        ) : disputes.data.data.length ? (
          <Table aria-label="Disputes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Evidence due</Table.Th>
                <Table.Th>Charge</Table.Th>
                <Table.Th>Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {disputes.data.data.map((d: any) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{money(d.amount, d.currency)}</Table.Td>
                  <Table.Td>{d.reason?.replace(/_/g, ' ')}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={d.status} />
                  </Table.Td>
                  <Table.Td>{dateTime(d.evidence_details?.due_by)}</Table.Td>
                  <Table.Td>
                    <Link to={`/charges/${d.charge}`} aria-label={`Dispute ${d.id} on charge ${d.charge}`}>
                      <Text ff="monospace" size="xs" span>
                        {d.charge}
                      </Text>
                    </Link>
                  </Table.Td>
                  <Table.Td>{dateTime(d.created)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty>No disputes.</Empty>
        )}
      </Paper>
      <Pager pager={pager} page={disputes.data} />
    </>
  );
}
