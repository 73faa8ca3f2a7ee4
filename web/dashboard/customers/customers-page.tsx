// Customers: search as you type (id, name, email, phone, metadata), paged on the server, and create.
import { useState } from 'react';
import { Button, Modal, Paper, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useDebounced, useLoad } from '../../shared/use-load.ts';
import { date } from '../../shared/format.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, PageHeader } from '../../shared/ui.tsx';
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
        <DataTable
          label="Customers"
          rows={list.data?.data}
          empty={`No customer matches “${query}”.`}
          highlightOnHover
          striped
          columns={[
            { header: 'Name', cell: (c: any) => <Link to={`/customers/${c.id}`}>{c.name || c.email || c.id}</Link> },
            { header: 'Email', cell: (c: any) => c.email },
            { header: 'Phone', cell: (c: any) => c.phone },
            {
              header: 'Id',
              cell: (c: any) => (
                <Text ff="monospace" size="xs">
                  {c.id}
                </Text>
              ),
            },
            { header: 'Created', cell: (c: any) => date(c.created) },
          ]}
        />
      </Paper>
      <Pager pager={pager} page={list.data} />
      <Modal opened={creating} onClose={close} title="New customer" size="lg">
        <CustomerForm onCancel={close} onSaved={(c) => navigate(`/customers/${c.id}`)} />
      </Modal>
    </>
  );
}

