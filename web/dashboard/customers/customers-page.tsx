// Customers: search as you type (id, name, email, phone, metadata), paged on the server, and create.
import { useState } from 'react';
import { Button, Modal, Paper, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useDebounced, useLoad } from '../../shared/use-load.ts';
import { date } from '../../shared/format.ts';
import { Empty, ErrorAlert, Loading, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link, navigate } from '../router.tsx';
import { CustomerForm } from './customer-form.tsx';
import { usePager, Pager } from '../pager.tsx';

export function CustomersPage() {
  const { canWrite } = useSession();
  const [text, setText] = useState('');
  const query = useDebounced(text, 120);
  const pager = usePager([query]);
  const list = useLoad(() => api.get('/v1/recur/customers/lookup', { query, limit: 25, starting_after: pager.cursor }), [query, pager.cursor]);
  const [creating, { open, close }] = useDisclosure();
  return (
    <>
      <PageHeader title="Customers" subtitle={list.data ? `${list.data.total_count.toLocaleString('en-US')}${list.data.total_count_capped ? '+' : ''} matching` : undefined}>
        {canWrite ? <Button onClick={open}>New customer</Button> : null}
      </PageHeader>
      <TextInput
        label="Search customers"
        placeholder="Name, email, phone, id or metadata"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        mb="md"
        rightSection={list.loading ? <Text size="xs" c="dimmed">…</Text> : null}
      />
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        {list.data ? (
          list.data.data.length ? (
            <Table highlightOnHover striped aria-label="Customers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Phone</Table.Th>
                  <Table.Th>Id</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.data.map((c: any) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Link to={`/customers/${c.id}`}>{c.name || c.email || c.id}</Link>
                    </Table.Td>
                    <Table.Td>{c.email}</Table.Td>
                    <Table.Td>{c.phone}</Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="xs">
                        {c.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>{date(c.created)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Empty>No customer matches “{query}”.</Empty>
          )
        ) : (
          <Loading label="Loading customers" />
        )}
      </Paper>
      <Pager pager={pager} page={list.data} />
      <Modal opened={creating} onClose={close} title="New customer" size="lg">
        <CustomerForm onCancel={close} onSaved={(c) => navigate(`/customers/${c.id}`)} />
      </Modal>
    </>
  );
}

