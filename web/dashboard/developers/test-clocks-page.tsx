// Test clocks: create one, see its customers, and advance it to a date with a progress indicator
// while Recur runs everything due on the way.
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Paper, Progress, Stack, Table, Text, TextInput } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { dateTime, toIsoDate, toUnix } from '../../shared/format.ts';
import { fieldError } from '../../shared/api.ts';
import { Empty, ErrorAlert, Loading, PageHeader, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';

export function TestClocksPage() {
  const { canWrite } = useSession();
  const clocks = useLoad(() => api.get('/v1/test_helpers/test_clocks', { limit: 100 }), []);
  const [advancing, setAdvancing] = useState<any>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const create = async () => {
    setError(undefined);
    try {
      await api.post('/v1/test_helpers/test_clocks', { name: name || 'Test clock', frozen_time: Math.floor(toUnix(new Date().toISOString().slice(0, 10))) });
      setName('');
      clocks.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <PageHeader title="Test clocks" subtitle="Run months of billing in seconds: customers on a clock live on its time" />
      {canWrite ? (
        <Group align="flex-end" mb="md">
          <TextInput label="New clock name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} />
          <Button onClick={create}>Create test clock</Button>
        </Group>
      ) : null}
      <ErrorAlert error={clocks.error} />
      <Paper withBorder>
        {!clocks.data ? (
          <Loading />
        ) : clocks.data.data.length ? (
          <Table aria-label="Test clocks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Frozen time</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clocks.data.data.map((c: any) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {c.name}{' '}
                    <Text ff="monospace" size="xs" c="dimmed" span>
                      {c.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>{dateTime(c.frozen_time)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>
                    {canWrite ? (
                      <Button size="xs" variant="light" onClick={() => setAdvancing(c)} aria-label={`Advance ${c.name}`}>
                        Advance
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty>No test clocks.</Empty>
        )}
      </Paper>
      <Modal opened={!!advancing} onClose={() => setAdvancing(null)} title={`Advance ${advancing?.name ?? ''}`}>
        {advancing ? (
          <Advance
            clock={advancing}
            onDone={() => {
              setAdvancing(null);
              clocks.reload();
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}

function Advance({ clock, onDone }: { clock: any; onDone(): void }) {
  const [to, setTo] = useState(toIsoDate(clock.frozen_time + 31 * 86400));
  const [error, setError] = useState<unknown>();
  const [state, setState] = useState<{ from: number; target: number; now: number } | null>(null);
  useEffect(() => {
    if (!state) return;
    const t = setInterval(async () => {
      const c = await api.get(`/v1/test_helpers/test_clocks/${clock.id}`).catch(() => null);
      if (!c) return;
      setState((s) => (s ? { ...s, now: c.frozen_time } : s));
      if (c.status === 'ready' && c.frozen_time >= state.target) {
        clearInterval(t);
        onDone();
      }
    }, 700);
    return () => clearInterval(t);
  }, [state?.target]);
  const go = async () => {
    setError(undefined);
    const target = toUnix(to) + (clock.frozen_time % 86400);
    try {
      setState({ from: clock.frozen_time, target, now: clock.frozen_time });
      await api.post(`/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: target });
      onDone();
    } catch (e) {
      setState(null);
      setError(e);
    }
  };
  const pct = state ? Math.min(100, Math.round(((state.now - state.from) / Math.max(1, state.target - state.from)) * 100)) : 0;
  return (
    <Stack>
      <TextInput label="Advance to" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={fieldError(error, 'frozen_time')} disabled={!!state} />
      {state ? (
        <Stack gap={4}>
          <Progress value={pct} animated aria-label="Advancing the clock" />
          <Text size="sm" c="dimmed" role="status">
            Running what is due… now at {dateTime(state.now)}
          </Text>
        </Stack>
      ) : null}
      <ErrorAlert error={!fieldError(error, 'frozen_time') ? error : undefined} />
      <Button onClick={go} loading={!!state}>
        Advance clock
      </Button>
    </Stack>
  );
}
