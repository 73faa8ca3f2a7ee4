// Staff: who can sign in, with which role; admins invite (the link is shown once) and remove.
import { useState } from 'react';
import { Alert, Button, Code, Group, Paper, Select, Table, TextInput, Title } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { useLoad } from '../../shared/use-load.ts';
import { date } from '../../shared/format.ts';
import { ErrorAlert, Loading, PageHeader, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';
import { AccountSettingsForm } from './account-settings-form.tsx';

export function StaffPage() {
  const { canWrite, session } = useSession();
  const staff = useLoad(() => api.get('/v1/recur/dashboard/staff'), []);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('viewer');
  const [error, setError] = useState<unknown>();
  const [invite, setInvite] = useState<string>();
  const send = async () => {
    setError(undefined);
    try {
      const made = await api.post('/v1/recur/dashboard/staff', { email, role });
      setInvite(made.invite_url);
      setEmail('');
      staff.reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (id: string) => {
    if (!window.confirm('Remove this person? Their sessions end now.')) return;
    await api.del(`/v1/recur/dashboard/staff/${id}`).catch(setError);
    staff.reload();
  };
  return (
    <>
      <PageHeader title="Staff and account" />
      {canWrite ? (
        <Paper withBorder p="md" mb="md">
          <Title order={4} mb="xs">
            Invite someone
          </Title>
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
        </Paper>
      ) : null}
      <ErrorAlert error={!fieldError(error, 'email') && !fieldError(error, 'role') ? error : undefined} />
      <Paper withBorder mb="md">
        {!staff.data ? (
          <Loading />
        ) : (
          <Table aria-label="Staff">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {staff.data.data.map((a: any) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.email ?? '(not set up yet)'}</Table.Td>
                  <Table.Td>{a.role}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={a.status} />
                  </Table.Td>
                  <Table.Td>{date(a.created)}</Table.Td>
                  <Table.Td>
                    {canWrite && a.role !== 'owner' && a.id !== session.account.id ? (
                      <Button size="xs" variant="subtle" color="red" onClick={() => remove(a.id)}>
                        Remove {a.email}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <AccountSettingsForm />
    </>
  );
}
