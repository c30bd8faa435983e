import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { AssignmentReason, DueQuestionnaire } from '../../../src/measures/model';
import { dueInWords, useClinicTimeZone } from './format';

const whyInWords: Record<AssignmentReason, string> = {
  baseline: 'Before you start treatment',
  pre_session: 'Before your next session',
  between_sessions: 'Between sessions',
  requested: 'Asked for by your care team',
};

/** What is due, soonest first as the server sends it: a card and one big button per questionnaire. */
export function DueQuestionnaires({ due }: { due: DueQuestionnaire[] }) {
  const timeZone = useClinicTimeZone();
  const now = new Date();
  if (due.length === 0) return <Text>Nothing is due right now.</Text>;
  return (
    <Stack gap="sm">
      {due.map((q) => (
        <Card key={q.assignmentId} withBorder radius="md" padding="lg">
          <Text fw={700} size="lg">
            {q.title}
          </Text>
          <Group gap="xs" mt={4}>
            {q.overdue && (
              <Badge color="red.9" variant="filled">
                Overdue
              </Badge>
            )}
            <Text fw={q.overdue ? 600 : 400}>{dueInWords(q.dueAt, q.overdue, now, timeZone)}</Text>
          </Group>
          <Text size="sm" c="dimmed" mt={4}>
            {whyInWords[q.reason]} · {q.itemCount} questions
          </Text>
          <Button
            component={Link}
            to={`/portal/questionnaires/${encodeURIComponent(q.instrumentId)}?assignment=${q.assignmentId}`}
            size="lg"
            fullWidth
            mt="md"
            aria-label={`Start ${q.title}`}
          >
            Start
          </Button>
        </Card>
      ))}
    </Stack>
  );
}
