// One product: its details, every price (recurring, metered, tiered, other currencies), adding a
// price, and archiving (active: false) a price or the product — Recur never deletes them here.
import { Badge, Button, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { date } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { ActiveBadge, DataTable, switchColumn } from '../../shared/data-table.tsx';
import { ErrorAlert, Facts, Loading, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { Link } from '../router.tsx';
import { PriceForm } from './price-form.tsx';
import { otherCurrencies, priceAmount, priceInterval } from './price-summary.ts';

export function ProductPage({ id }: { id: string }) {
  const { canWrite } = useSession();
  const product = useLoad(() => api.get(`/v1/products/${id}`), [id]);
  const prices = useLoad(() => api.get('/v1/prices', { product: id, limit: 100, expand: ['data.tiers', 'data.currency_options'] }), [id]);
  const [adding, add] = useDisclosure();
  const { error, run } = useAction();
  const setActive = (path: string, active: boolean) =>
    run(async () => {
      await api.post(path, { active });
      product.reload();
      prices.reload();
    });
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
        <DataTable
          label="Prices"
          rows={prices.data?.data}
          empty="No prices yet."
          verticalSpacing="sm"
          columns={[
            {
              header: 'Price',
              cell: (price: any) => (
                <Stack gap={0}>
                  <Text size="sm">{price.nickname ?? '—'}</Text>
                  <Text ff="monospace" size="xs" c="dimmed">
                    {price.id}
                  </Text>
                </Stack>
              ),
            },
            { header: 'Amount', cell: priceAmount, maw: 320 },
            { header: 'Billing', cell: priceInterval },
            { header: 'Other currencies', cell: (price: any) => otherCurrencies(price) || '—' },
            { header: 'Status', cell: (price: any) => <ActiveBadge active={price.active} inactive="archived" /> },
            switchColumn({ canWrite, isOn: (price: any) => price.active, verbs: ['Archive', 'Restore'], name: (price) => `price ${price.nickname ?? price.id}`, onClick: (price) => setActive(`/v1/prices/${price.id}`, !price.active) }),
          ]}
        />
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
