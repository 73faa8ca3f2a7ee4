// The dashboard: signs in (or accepts a one-time link), then shows the navigation from the page
// registry and the page matching the path.
import { useContext, useEffect, useState, type ReactNode } from 'react';
import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Loading } from '../shared/ui.tsx';
import { api, SessionContext, setCsrf, type Session } from './session.tsx';
import { BASE, matchRoute, navigate, usePath } from './router.tsx';
import { NAV_SECTIONS, PAGES } from './pages.tsx';
import { AcceptLink, SignIn } from './sign-in.tsx';

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const { path, search } = usePath();
  useEffect(() => {
    api.get<Session>('/v1/recur/dashboard/session').then(
      (s) => {
        setCsrf(s.csrf_token);
        setSession(s);
      },
      () => setSession(null),
    );
  }, []);
  const signedIn = (s: Session) => {
    setCsrf(s.csrf_token);
    setSession(s);
    if (path === '/accept' || path === '/sign-in') navigate('/', true);
  };
  if (session === undefined) return <Loading label="Loading the dashboard" />;
  if (path === '/accept' && search.get('token')) return <AcceptLink token={search.get('token')!} onSignedIn={signedIn} />;
  if (!session) return <SignIn onSignedIn={signedIn} />;
  const signOut = async () => {
    await api.post('/v1/recur/dashboard/sign_out').catch(() => undefined);
    setSession(null);
  };
  return (
    <SessionContext.Provider value={{ session, signOut }}>
      <Shell path={path} />
    </SessionContext.Provider>
  );
}

function Shell({ path }: { path: string }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { session, signOut } = useContext(SessionContext)!;
  let page: ReactNode = <NotFound />;
  for (const p of PAGES) {
    const params = matchRoute(p.path, path);
    if (params) {
      page = <p.component {...params} key={path} />;
      break;
    }
  }
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={4}>Recur</Title>
            <Text size="xs" c="dimmed">
              test mode
            </Text>
          </Group>
          <Group gap="sm">
            <Text size="sm" c="dimmed">
              {session?.account.email} · {session?.account.role}
            </Text>
            <Button variant="subtle" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          <Stack gap="md">
            {NAV_SECTIONS.map((section) => (
              <Stack gap={0} key={section.title}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={4}>
                  {section.title}
                </Text>
                {section.items.map((item) => (
                  <NavLink
                    key={item.to}
                    href={BASE + item.to}
                    label={item.label}
                    active={item.to === '/' ? path === '/' : path === item.to || path.startsWith(item.to + '/')}
                    onClick={(e) => {
                      e.preventDefault();
                      close();
                      navigate(item.to);
                    }}
                  />
                ))}
              </Stack>
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>{page}</AppShell.Main>
    </AppShell>
  );
}

const NotFound = () => (
  <Stack>
    <Title order={2}>Not found</Title>
    <Text>There is no page at this address.</Text>
  </Stack>
);
