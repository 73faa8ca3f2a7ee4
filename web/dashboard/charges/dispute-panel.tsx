// One dispute on a charge: its status, amount, reason and deadline; while open, an evidence form
// (save, or submit for a decision) and Accept (close, the money stays withdrawn).
import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { fieldError } from '../../shared/api.ts';
import { dateTime, money } from '../../shared/format.ts';
import { useAction } from '../../shared/use-action.ts';
import { Facts, FormError, StatusBadge } from '../../shared/ui.tsx';
import { api, useSession } from '../session.tsx';

const FIELDS: Array<{ key: string; label: string; long?: boolean }> = [
  { key: 'customer_name', label: 'Customer name' },
  { key: 'customer_email_address', label: 'Customer email address' },
  { key: 'product_description', label: 'Product description', long: true },
  { key: 'service_date', label: 'Service date' },
  { key: 'customer_communication', label: 'Customer communication', long: true },
  { key: 'refund_policy', label: 'Refund policy', long: true },
  { key: 'uncategorized_text', label: 'Other evidence', long: true },
];

const OPEN = new Set(['warning_needs_response', 'needs_response', 'under_review', 'warning_under_review']);

export function DisputePanel({ dispute, onChanged }: { dispute: any; onChanged(): void }) {
  const { canWrite } = useSession();
  const [evidence, setEvidence] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, (dispute.evidence?.[f.key] as string | null) ?? ''])),
  );
  const { pending, error, run } = useAction();
  const open = OPEN.has(dispute.status);
  const editable = canWrite && open && dispute.status !== 'under_review';
  const send = (label: string, change: () => Promise<unknown>, confirm?: string) => () => run(async () => (await change(), onChanged()), { label, confirm });
  const filled = () => Object.fromEntries(Object.entries(evidence).filter(([, v]) => v.trim() !== ''));
  const who = `dispute ${dispute.id}`;
  return (
    <Paper withBorder p="md" aria-label={`Dispute ${dispute.id}`} role="region">
      <Group justify="space-between" mb="xs">
        <Group gap="sm">
          <Title order={4}>Dispute</Title>
          <StatusBadge status={dispute.status} />
        </Group>
        <Text ff="monospace" size="xs" c="dimmed">
          {dispute.id}
        </Text>
      </Group>
      <Facts
        rows={[
          ['Amount', money(dispute.amount, dispute.currency)],
          ['Reason', dispute.reason?.replace(/_/g, ' ') ?? '—'],
          ['Opened', dateTime(dispute.created)],
          ['Evidence due', dateTime(dispute.evidence_details?.due_by)],
          ['Evidence submitted', dispute.evidence_details?.submission_count ? `${dispute.evidence_details.submission_count} time(s)` : 'Not yet'],
        ]}
      />
      <FormError error={error} fields={['evidence']} title="Refused" />
      {editable ? (
        <Stack gap="xs" mt="sm">
          <Text fw={600} size="sm">
            Evidence
          </Text>
          {FIELDS.map((f) => {
            const props = {
              label: f.label,
              value: evidence[f.key],
              onChange: (e: { currentTarget: { value: string } }) => setEvidence({ ...evidence, [f.key]: e.currentTarget.value }),
              error: fieldError(error, `evidence[${f.key}]`),
            };
            return f.long ? <Textarea key={f.key} autosize minRows={2} {...props} /> : <TextInput key={f.key} {...props} />;
          })}
          <Group justify="flex-end">
            <Button variant="default" color="red" loading={pending === 'close'} onClick={send('close', () => api.post(`/v1/disputes/${dispute.id}/close`, {}), 'Accept this dispute? The money stays with the customer and the dispute closes as lost.')} aria-label={`Accept ${who}`}>
              Accept dispute
            </Button>
            <Button variant="default" loading={pending === 'save'} onClick={send('save', () => api.post(`/v1/disputes/${dispute.id}`, { evidence: filled() }))} aria-label={`Save evidence for ${who}`}>
              Save evidence
            </Button>
            <Button loading={pending === 'submit'} onClick={send('submit', () => api.post(`/v1/disputes/${dispute.id}`, { evidence: filled(), submit: true }), 'Submit this evidence? It cannot be changed afterwards.')} aria-label={`Submit evidence for ${who}`}>
              Submit evidence
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" mt="xs">
          {dispute.status === 'under_review' ? 'The evidence was submitted and is being reviewed.' : open ? '' : `Closed: ${dispute.status}.`}
        </Text>
      )}
    </Paper>
  );
}
