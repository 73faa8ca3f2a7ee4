// The customer-facing pages: the billing portal (/portal/<secret>) and the hosted invoice page
// (/invoices/<id>). Phone-first: one column that widens on larger screens.
import { Container } from '@mantine/core';
import { Portal } from './portal.tsx';
import { HostedInvoice } from './hosted-invoice.tsx';

export function PortalApp() {
  const [, kind, id] = location.pathname.split('/');
  return (
    <Container size={720} px="sm" py="md">
      {kind === 'invoices' && id ? <HostedInvoice id={decodeURIComponent(id)} /> : <Portal secret={id ?? ''} />}
    </Container>
  );
}
