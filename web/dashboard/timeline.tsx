// A customer's events, newest first (optionally only those naming one object).
import { Text, Timeline as MantineTimeline } from '@mantine/core';
import { useLoad } from '../shared/use-load.ts';
import { dateTime } from '../shared/format.ts';
import { Empty, ErrorAlert, Loading } from '../shared/ui.tsx';
import { api } from './session.tsx';

export function Timeline({ customer, related }: { customer: string; related?: string }) {
  const events = useLoad(() => api.get(`/v1/recur/customers/${customer}/timeline`, { related, limit: 50 }), [customer, related]);
  if (events.error) return <ErrorAlert error={events.error} />;
  if (!events.data) return <Loading label="Loading events" />;
  if (!events.data.data.length) return <Empty>No events yet.</Empty>;
  return (
    <MantineTimeline bulletSize={12} lineWidth={2}>
      {events.data.data.map((e: any) => (
        <MantineTimeline.Item key={e.id} title={e.type}>
          <Text size="xs" c="dimmed">
            {dateTime(e.created)} · {e.data?.object?.id}
          </Text>
        </MantineTimeline.Item>
      ))}
    </MantineTimeline>
  );
}
