// Small pieces every screen uses: status badges, error alerts, a loading state, key/value lists.
import { Alert, Badge, Button, Center, Group, Loader, Paper, Stack, Table, Text, Title, type PaperProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { fieldError } from './api.ts';

const STATUS_COLORS: Record<string, string> = {
  active: 'green',
  paid: 'green',
  succeeded: 'green',
  trialing: 'blue',
  open: 'blue',
  draft: 'gray',
  incomplete: 'yellow',
  past_due: 'orange',
  unpaid: 'red',
  uncollectible: 'red',
  failed: 'red',
  void: 'gray',
  canceled: 'gray',
  paused: 'violet',
  incomplete_expired: 'gray',
  expiring: 'yellow',
  expired: 'gray',
  revoked: 'gray',
};

export const StatusBadge = ({ status }: { status: string | null | undefined }) =>
  status ? (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" radius="sm">
      {status.replace(/_/g, ' ')}
    </Badge>
  ) : null;

/** An error as an alert; `title={null}` shows the message alone. */
export const ErrorAlert = ({ error, title = 'Something went wrong', mt }: { error: unknown; title?: string | null; mt?: string }) =>
  error ? (
    <Alert color="red" title={title} role="alert" mt={mt}>
      {error instanceof Error ? error.message : String(error)}
    </Alert>
  ) : null;

/** A form's error, shown once: beside the field it names (each field asks `fieldError`), or here when it names none of `fields`. */
export const FormError = ({ error, fields, title, mt }: { error: unknown; fields: string[]; title?: string | null; mt?: string }) => (
  <ErrorAlert error={fields.some((f) => fieldError(error, f)) ? undefined : error} title={title} mt={mt} />
);

/** A form's end: its error (see FormError), then its submit button on the right. */
export const FormFooter = ({ submit, busy, children, ...error }: { error: unknown; fields: string[]; title?: string | null; submit(): void; busy: boolean; children: ReactNode }) => (
  <>
    <FormError {...error} />
    <Group justify="flex-end">
      <Button onClick={submit} loading={busy}>
        {children}
      </Button>
    </Group>
  </>
);

export const Loading = ({ label = 'Loading' }: { label?: string }) => (
  <Center py="xl" role="status" aria-label={label}>
    <Loader size="sm" />
  </Center>
);

export const PageHeader = ({ title, children, subtitle }: { title: ReactNode; subtitle?: ReactNode; children?: ReactNode }) => (
  <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
    <Stack gap={2}>
      <Title order={2}>{title}</Title>
      {subtitle ? <Text c="dimmed" size="sm">{subtitle}</Text> : null}
    </Stack>
    <Group gap="xs">{children}</Group>
  </Group>
);

/** A titled card: the title with what can be done there beside it (buttons), then the content. */
export const Panel = ({ title, actions, children, ...paper }: PaperProps & { title: ReactNode; actions?: ReactNode; children: ReactNode; role?: string; 'aria-label'?: string; 'aria-busy'?: boolean }) => (
  <Paper withBorder p="md" {...paper}>
    <Group justify="space-between" mb="xs">
      <Title order={4}>{title}</Title>
      {actions ? <Group gap="xs">{actions}</Group> : null}
    </Group>
    {children}
  </Paper>
);

export const Facts = ({ rows }: { rows: Array<[string, ReactNode]> }) => (
  <Table withRowBorders={false} verticalSpacing={4} layout="fixed">
    <Table.Tbody>
      {rows.map(([k, v]) => (
        <Table.Tr key={k}>
          <Table.Th w="40%" fw={500} c="dimmed" scope="row">
            {k}
          </Table.Th>
          <Table.Td style={{ overflowWrap: 'anywhere' }}>{v}</Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  </Table>
);

/** A value with a small dimmed line under it (when, or why). */
export const Noted = ({ children, note }: { children: ReactNode; note: ReactNode }) => (
  <>
    {children}
    <Text size="xs" c="dimmed">
      {note}
    </Text>
  </>
);

export const Empty = ({ children }: { children: ReactNode }) => (
  <Text c="dimmed" size="sm" py="md" ta="center">
    {children}
  </Text>
);
