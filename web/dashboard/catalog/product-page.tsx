// One product: its details, every price (recurring, metered, tiered, other currencies), adding a
// price, and archiving (active: false) a price or the product — Recur never deletes them here.
import { useState } from 'react';
import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { date } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { Empty, ErrorAlert, Facts, Loading, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { PriceForm } from './price-form.tsx';
import { otherCurrencies, priceAmount, priceInterval } from './price-summary.ts';

export function ProductPage({ id }: { id: string }) {
  const { canWrite } = useSession();
  const product = useLoad(() => api.get(`/v1/products/${id}`), [id]);
  const prices = useLoad(() => api.get('/v1/prices', { product: id, limit: 100, expand: ['data.tiers', 'data.currency_options'] }), [id]);
  const [adding, add] = useDisclosure();
  const [error, setError] = useState<unknown>();
  const setActive = async (path: string, active: boolean) => {
    setError(undefined);
    try {
      await api.post(path, { active });
      product.reload();
      prices.reload();
    } catch (e) {
      setError(e);
    }
  };
  const p = product.data;
  if (!p) return product.error ? <ErrorAlert error={product.error} /> : <Loading label="Loading product" />;
  return (
    <>
      <Text size="sm" mb={4}>
        <Link to="/products">Products</Link>
      </Text>
      <PageHeader
        title={
          <>
            {p.name} {p.active ? null : <Badge color="gray">archived</Badge>}
          </>
        }
        subtitle={p.id}
      >
        {canWrite ? (
          <>
            <Button variant="default" onClick={() => setActive(`/v1/products/${p.id}`, !p.active)}>
              {p.active ? 'Archive product' : 'Restore product'}
            </Button>
            {p.active ? <Button onClick={add.open}>Add price</Button> : null}
          </>
        ) : null}
      </PageHeader>
      <ErrorAlert error={error} />
      <Paper withBorder p="md" mb="md" maw={640}>
        <Facts
          rows={[
            ['Description', p.description ?? '—'],
            ['Created', date(p.created)],
            ['Default price', p.default_price ?? '—'],
          ]}
        />
      </Paper>
      <Title order={4} mb="xs">
        Prices
      </Title>
      <Paper withBorder>
        {!prices.data ? (
          <Loading label="Loading prices" />
        ) : prices.data.data.length ? (
          <Table aria-label="Prices" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Price</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Billing</Table.Th>
                <Table.Th>Other currencies</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {prices.data.data.map((price: any) => (
                <Table.Tr key={price.id}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm">{price.nickname ?? '—'}</Text>
                      <Text ff="monospace" size="xs" c="dimmed">
                        {price.id}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td maw={320}>{priceAmount(price)}</Table.Td>
                  <Table.Td>{priceInterval(price)}</Table.Td>
                  <Table.Td>{otherCurrencies(price) || '—'}</Table.Td>
                  <Table.Td>{price.active ? <Badge color="green" variant="light">active</Badge> : <Badge color="gray" variant="light">archived</Badge>}</Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setActive(`/v1/prices/${price.id}`, !price.active)}
                        aria-label={`${price.active ? 'Archive' : 'Restore'} price ${price.nickname ?? price.id}`}
                      >
                        {price.active ? 'Archive' : 'Restore'}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty>No prices yet.</Empty>
        )}
      </Paper>
      <Modal opened={adding} onClose={add.close} title={`Add a price to ${p.name}`} size="xl">
        <PriceForm
          product={p}
          onMade={() => {
            add.close();
            prices.reload();
          }}
        />
      </Modal>
    </>
  );
}
