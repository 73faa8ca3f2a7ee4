// Server-side paging by cursor: a stack of the cursors that led here, previous and next.
import { useEffect, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';

export function usePager(resetOn: unknown[]) {
  const [stack, setStack] = useState<string[]>([]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setStack([]), resetOn);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    next: (lastId: string) => setStack([...stack, lastId]),
    previous: () => setStack(stack.slice(0, -1)),
  };
}

export function Pager({ pager, page }: { pager: ReturnType<typeof usePager>; page?: { data: any[]; has_more: boolean } }) {
  if (!page || (pager.page === 1 && !page.has_more)) return null;
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">
        Page {pager.page}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={pager.page === 1} onClick={pager.previous}>
          Previous page
        </Button>
        <Button variant="default" size="xs" disabled={!page.has_more} onClick={() => pager.next(page.data[page.data.length - 1].id)}>
          Next page
        </Button>
      </Group>
    </Group>
  );
}
