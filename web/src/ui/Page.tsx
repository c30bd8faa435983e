import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** A console page: its title (also the document title), a line on what it is for, then its content. */
export function Page({ title, purpose, children }: { title: string; purpose?: string; children: ReactNode }) {
  useDocumentTitle(`${title} — ketacare`);
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {purpose && <Text c="dimmed">{purpose}</Text>}
      </div>
      {children}
    </Stack>
  );
}
