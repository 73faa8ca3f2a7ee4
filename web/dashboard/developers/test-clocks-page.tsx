// Test clocks: create one, see its customers, and advance it to a date with a progress indicator
// while Recur runs everything due on the way.
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Paper, Progress, Stack, Text, TextInput } from '@mantine/core';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { dateTime, toIsoDate, toUnix } from '../../shared/format.ts';
import { fieldError } from '../../shared/api.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, FormError, PageHeader, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';

export function TestClocksPage() {
  const { canWrite } = useSession();
  const clocks = useLoad(() => api.get('/v1/test_helpers/test_clocks', { limit: 100 }), []);
  const [advancing, setAdvancing] = useState<any>(null);
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const create = () =>
    run(async () => {
      await api.post('/v1/test_helpers/test_clocks', { name: name || 'Test clock', frozen_time: Math.floor(toUnix(new Date().toISOString().slice(0, 10))) });
      setName('');
      clocks.reload();
    });
  return (
    <>
      <PageHeader title="Test clocks" subtitle="Run months of billing in seconds: customers on a clock live on its time" />
      {canWrite ? (
        <Group align="flex-end" mb="md">
          <TextInput label="New clock name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} />
          <Button onClick={create} loading={busy}>
            Create test clock
          </Button>
        </Group>
      ) : null}
      <ErrorAlert error={clocks.error} />
      <FormError error={error} fields={['name']} />
      <Paper withBorder>
        <DataTable
          label="Test clocks"
          rows={clocks.data?.data}
          empty="No test clocks."
          columns={[
            {
              header: 'Name',
              cell: (c: any) => (
                <>
                  {c.name}{' '}
                  <Text ff="monospace" size="xs" c="dimmed" span>
                    {c.id}
                  </Text>
                </>
              ),
            },
            { header: 'Frozen time', cell: (c: any) => dateTime(c.frozen_time) },
            { header: 'Status', cell: (c: any) => <StatusBadge status={c.status} /> },
            {
              cell: (c: any) =>
                canWrite ? (
                  <Button size="xs" variant="light" onClick={() => setAdvancing(c)} aria-label={`Advance ${c.name}`}>
                    Advance
                  </Button>
                ) : null,
            },
          ]}
        />
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
  const { error, run } = useAction();
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
    const target = toUnix(to) + (clock.frozen_time % 86400);
    setState({ from: clock.frozen_time, target, now: clock.frozen_time });
    if (await run(() => api.post(`/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: target }))) onDone();
    else setState(null);
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
      <FormError error={error} fields={['frozen_time']} />
      <Button onClick={go} loading={!!state}>
        Advance clock
      </Button>
    </Stack>
  );
}
