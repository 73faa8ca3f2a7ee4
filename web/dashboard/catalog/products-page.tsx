// Catalog → Products: active or archived products, paged on the server, and a form for a new one.
import { useState } from 'react';
import { useAction } from '../../shared/use-action.ts';
import { Button, Modal, Paper, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { fieldError } from '../../shared/api.ts';
import { date } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { ErrorAlert, FormFooter, PageHeader } from '../../shared/ui.tsx';
import { ActiveBadge, DataTable } from '../../shared/data-table.tsx';
import { api, useSession } from '../session.tsx';
import { Link, navigate } from '../router.tsx';
import { Pager, usePager } from '../pager.tsx';

export function ProductsPage() {
  const { canWrite } = useSession();
  const [active, setActive] = useState('true');
  const pager = usePager([active]);
  const list = useLoad(() => api.get('/v1/products', { active, limit: 25, starting_after: pager.cursor }), [active, pager.cursor]);
  const [creating, create] = useDisclosure();
  return (
    <>
      <PageHeader title="Products" subtitle="What you sell, with its prices. Archived products keep their prices and subscriptions.">
        {canWrite ? <Button onClick={create.open}>New product</Button> : null}
      </PageHeader>
      <SegmentedControl
        mb="md"
        value={active}
        onChange={setActive}
        aria-label="Which products"
        data={[
          { value: 'true', label: 'Active' },
          { value: 'false', label: 'Archived' },
        ]}
      />
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <DataTable
          label="Products"
          rows={list.data?.data}
          empty={active === 'true' ? 'No products yet.' : 'No archived products.'}
          columns={[
            {
              header: 'Name',
              cell: (p: any) => (
                <>
                  <Link to={`/products/${p.id}`}>{p.name}</Link>{' '}
                  <Text ff="monospace" size="xs" c="dimmed" span>
                    {p.id}
                  </Text>
                </>
              ),
            },
            { header: 'Description', cell: (p: any) => p.description ?? '—' },
            { header: 'Created', cell: (p: any) => date(p.created) },
            { header: 'Status', cell: (p: any) => <ActiveBadge active={p.active} inactive="archived" /> },
          ]}
        />
      </Paper>
      <Pager pager={pager} page={list.data} />
      <Modal opened={creating} onClose={create.close} title="New product">
        <NewProduct onMade={(p) => navigate(`/products/${p.id}`)} />
      </Modal>
    </>
  );
}

function NewProduct({ onMade }: { onMade(p: any): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      onMade(await api.post('/v1/products', { name, ...(description ? { description } : {}) }));
    });
  return (
    <Stack>
      <TextInput label="Product name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} required />
      <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(error, 'description')} />
      <FormFooter error={error} fields={['name', 'description']} submit={save} busy={busy}>
        Create product
      </FormFooter>
    </Stack>
  );
}
