// Staff: who can sign in, with which role; admins invite (the link is shown once) and remove.
import { useState } from 'react';
import { Alert, Button, Code, Group, Paper, Select, TextInput } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { useAction } from '../../shared/use-action.ts';
import { date } from '../../shared/format.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { FormError, PageHeader, Panel, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { AccountSettingsForm } from './account-settings-form.tsx';

export function StaffPage() {
  const { canWrite, session } = useSession();
  const staff = useLoad(() => api.get('/v1/recur/dashboard/staff'), []);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('viewer');
  const [invite, setInvite] = useState<string>();
  const { error, run } = useAction();
  const send = () =>
    run(async () => {
      const made = await api.post('/v1/recur/dashboard/staff', { email, role });
      setInvite(made.invite_url);
      setEmail('');
      staff.reload();
    });
  const remove = (id: string) => run(() => api.del(`/v1/recur/dashboard/staff/${id}`).finally(staff.reload), { confirm: 'Remove this person? Their sessions end now.' });
  return (
    <>
      <PageHeader title="Staff and account" />
      {canWrite ? (
        <Panel title="Invite someone" mb="md">
          <Group align="flex-start">
            <TextInput label="Email to invite" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(error, 'email')} w={300} />
            <Select
              label="Role"
              value={role}
              onChange={(v) => v && setRole(v)}
              allowDeselect={false}
              data={[
                { value: 'admin', label: 'Admin — can change everything' },
                { value: 'viewer', label: 'Viewer — read only' },
              ]}
              error={fieldError(error, 'role')}
              w={280}
            />
            <Button mt={25} onClick={send}>
              Send invite
            </Button>
          </Group>
          {invite ? (
            <Alert mt="sm" title="Invitation link (shown once; send it to them)">
              <Code block>{invite}</Code>
            </Alert>
          ) : null}
        </Panel>
      ) : null}
      <FormError error={error} fields={['email', 'role']} />
      <Paper withBorder mb="md">
        <DataTable
          label="Staff"
          rows={staff.data?.data}
          empty="No staff."
          columns={[
            { header: 'Email', cell: (a: any) => a.email ?? '(not set up yet)' },
            { header: 'Role', cell: (a: any) => a.role },
            { header: 'Status', cell: (a: any) => <StatusBadge status={a.status} /> },
            { header: 'Since', cell: (a: any) => date(a.created) },
            {
              cell: (a: any) =>
                canWrite && a.role !== 'owner' && a.id !== session.account.id ? (
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove(a.id)}>
                    Remove {a.email}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Paper>
      <AccountSettingsForm />
    </>
  );
}
