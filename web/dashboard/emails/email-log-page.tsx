// Developers → Email log: every email Recur rendered, newest first, filtered by message and status,
// paged on the server; open one to read its text and HTML as the customer got it.
import { useState } from 'react';
import { Badge, Group, Modal, Paper, Select, Stack, Tabs, Text } from '@mantine/core';
import { dateTime } from '../../shared/format.ts';
import { useLoad } from '../../shared/use-load.ts';
import { DataTable } from '../../shared/data-table.tsx';
import { ErrorAlert, Facts, PageHeader } from '../../shared/ui.tsx';
import { api } from '../session.tsx';
import { Link } from '../router.tsx';
import { Pager, usePager } from '../pager.tsx';
import { MESSAGE_LABELS } from './email-messages.ts';

const STATUS_COLOR: Record<string, string> = { recorded: 'gray', pending: 'yellow', sent: 'green', failed: 'red' };

export function EmailLogPage() {
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState('');
  const pager = usePager([message, status]);
  const list = useLoad(
    () => api.get('/v1/recur/emails', { limit: 25, starting_after: pager.cursor, ...(message ? { message } : {}), ...(status ? { status } : {}) }),
    [message, status, pager.cursor],
  );
  const [open, setOpen] = useState<any>(null);
  return (
    <>
      <PageHeader title="Email log" subtitle="What Recur emailed customers, and whether it went out" />
      <Group mb="md" align="flex-end">
        <Select
          label="Message"
          w={260}
          value={message}
          onChange={(v) => setMessage(v ?? '')}
          allowDeselect={false}
          data={[{ value: '', label: 'All messages' }, ...Object.entries(MESSAGE_LABELS).map(([value, label]) => ({ value, label }))]}
        />
        <Select
          label="Delivery status"
          w={200}
          value={status}
          onChange={(v) => setStatus(v ?? '')}
          allowDeselect={false}
          data={[{ value: '', label: 'Any status' }, ...['recorded', 'pending', 'sent', 'failed'].map((s) => ({ value: s, label: s }))]}
        />
      </Group>
      <ErrorAlert error={list.error} />
      <Paper withBorder>
        <DataTable
          label="Emails"
          rows={list.data?.data}
          empty={`No emails${message || status ? ' match these filters' : ' yet'}.`}
          highlightOnHover
          columns={[
            {
              header: 'Subject',
              cell: (e: any) => (
                <Text component="button" type="button" size="sm" c="blue" style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left' }} onClick={() => setOpen(e)}>
                  {e.subject}
                </Text>
              ),
            },
            { header: 'Message', cell: (e: any) => MESSAGE_LABELS[e.message] ?? e.message },
            { header: 'To', cell: (e: any) => e.to },
            {
              header: 'Status',
              cell: (e: any) => (
                <Badge color={STATUS_COLOR[e.status] ?? 'gray'} variant="light">
                  {e.status}
                </Badge>
              ),
            },
            { header: 'Created', cell: (e: any) => dateTime(e.created) },
          ]}
        />
      </Paper>
      <Pager pager={pager} page={list.data} />
      <Modal opened={!!open} onClose={() => setOpen(null)} title={open?.subject ?? ''} size="xl">
        {open ? <EmailView email={open} /> : null}
      </Modal>
    </>
  );
}

function EmailView({ email }: { email: any }) {
  return (
    <Stack>
      <Facts
        rows={[
          ['To', email.to],
          ['From', email.from],
          ['Customer', email.customer ? <Link to={`/customers/${email.customer}`}>{email.customer}</Link> : '—'],
          ['Event', email.event ?? '—'],
          ['Status', `${email.status}${email.attempt_count ? ` after ${email.attempt_count} attempt(s)` : ''}`],
          ['Sent', dateTime(email.sent_at)],
          ...(email.last_error ? ([['Last error', email.last_error]] as Array<[string, string]>) : []),
        ]}
      />
      <Tabs defaultValue="html">
        <Tabs.List>
          <Tabs.Tab value="html">HTML</Tabs.Tab>
          <Tabs.Tab value="text">Plain text</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          <iframe title="Email as HTML" sandbox="" srcDoc={email.html} style={{ width: '100%', height: 420, border: '1px solid #dee2e6', borderRadius: 4 }} />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {email.text}
          </Text>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
