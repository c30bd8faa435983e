import { Card, List, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

export interface ScreenPlan {
  title: string;
  purpose: string;
  /** What the screen will hold, in the words of screens.md. */
  will: string[];
}

/** An honest placeholder: what this screen is for and what it will show, with no made-up data. */
export function NotYet({ plan }: { plan: ScreenPlan }) {
  useDocumentTitle(`${plan.title} — ketacare`);
  return (
    <Stack gap="md" maw={760}>
      <Title order={1} size="h2">
        {plan.title}
      </Title>
      <Text c="dimmed">{plan.purpose}</Text>
      <Card withBorder radius="md" padding="lg">
        <Text fw={600} mb="xs">
          Not available yet
        </Text>
        <Text size="sm" mb="sm">
          This screen arrives with its module. It will show:
        </Text>
        <List size="sm" spacing={4}>
          {plan.will.map((item) => (
            <List.Item key={item}>{item}</List.Item>
          ))}
        </List>
      </Card>
    </Stack>
  );
}
