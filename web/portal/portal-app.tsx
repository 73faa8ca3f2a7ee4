// The customer portal and the hosted invoice page (filled in by the portal slice).
import { Center, Text } from '@mantine/core';

export function PortalApp() {
  return (
    <Center mih="100vh">
      <Text>Billing portal</Text>
    </Center>
  );
}
