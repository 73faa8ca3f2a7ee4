// Settings → Emails: the name emails are signed with, the owner's address, how they are delivered,
// and one switch per message. A switch saves at once.
import { useEffect, useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { ErrorAlert, FormError, Loading, PageHeader } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { MESSAGE_LABELS } from '../emails/email-messages.ts';

export function EmailSettingsPage() {
  const { canWrite } = useSession();
  const settings = useLoad(() => api.get('/v1/recur/settings/emails'), []);
  const [names, setNames] = useState({ account_name: '', owner_email: '' });
  const { pending, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setNames({ account_name: settings.data.account_name ?? '', owner_email: settings.data.owner_email ?? '' });
  }, [settings.data]);
  /** `what` is what is being saved: the details, or one message's switch. */
  const update = (what: string, body: Record<string, unknown>) => {
    setSaved(false);
    return run(
      async () => {
        await api.post('/v1/recur/settings/emails', body);
        setSaved(true);
        settings.reload();
      },
      { label: what },
    );
  };
  const s = settings.data;
  if (!s) return settings.error ? <ErrorAlert error={settings.error} /> : <Loading label="Loading email settings" />;
  return (
    <>
      <PageHeader title="Email settings" subtitle="What Recur emails customers about their billing" />
      <Paper withBorder p="md" mb="md" maw={720}>
        <Group mb="sm">
          <Text size="sm">Delivery:</Text>
          <Badge variant="light" color={s.delivery === 'smtp' ? 'green' : 'gray'}>
            {s.delivery === 'smtp' ? 'sent by SMTP' : 'recorded in the log only (no SMTP_URL)'}
          </Badge>
          <Text size="sm" c="dimmed">
            From {s.from}
          </Text>
        </Group>
        <Stack>
          <TextInput
            label="Signed with (business name)"
            value={names.account_name}
            onChange={(e) => setNames({ ...names, account_name: e.currentTarget.value })}
            error={fieldError(error, 'account_name')}
            disabled={!canWrite}
          />
          <TextInput
            label="Owner's email (for account notices)"
            value={names.owner_email}
            onChange={(e) => setNames({ ...names, owner_email: e.currentTarget.value })}
            error={fieldError(error, 'owner_email')}
            disabled={!canWrite}
          />
          {canWrite ? (
            <Group>
              <Button onClick={() => update('names', names)} loading={pending === 'names'}>
                Save email details
              </Button>
              {saved ? (
                <Text size="sm" c="green" role="status">
                  Saved.
                </Text>
              ) : null}
            </Group>
          ) : null}
        </Stack>
      </Paper>
      <Title order={4} mb="xs">
        Messages
      </Title>
      <Paper withBorder p="md" maw={720}>
        <Stack gap="sm">
          {Object.entries(s.messages as Record<string, boolean>).map(([m, on]) => (
            <Switch
              key={m}
              label={MESSAGE_LABELS[m] ?? m}
              checked={on}
              disabled={!canWrite || pending === m}
              onChange={(e) => update(m, { messages: { [m]: e.currentTarget.checked } })}
              error={fieldError(error, `messages[${m}]`)}
            />
          ))}
        </Stack>
      </Paper>
      <FormError error={error} fields={['account_name', 'owner_email']} />
    </>
  );
}
