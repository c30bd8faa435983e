import './portal.css';
import { Button, Card, Chip, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { MoodCheckIn, MoodCheckInBody } from '../../../src/measures/model';
import { send } from '../api/client';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';

const moods = Array.from({ length: 11 }, (_, i) => String(i));

/** Today's optional mood check-in: a mood from 0 to 10, a journal note, or both. */
export function CheckIn({ onSaved }: { onSaved: () => void }) {
  const [mood, setMood] = useState<string | null>(null);
  const [journal, setJournal] = useState('');
  const save = useSubmit((body: MoodCheckInBody) => send<MoodCheckIn>('POST', '/api/portal/check-ins', body));
  const note = journal.trim();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const saved = await save.run({
      ...(mood === null ? {} : { mood: Number(mood) }),
      ...(note ? { journal: note } : {}),
    });
    if (saved) onSaved();
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="check-in-heading">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h3" id="check-in-heading">
              Daily check-in
            </Title>
            <Text size="sm" c="dimmed">
              Optional. It takes a few seconds.
            </Text>
          </div>
          <fieldset className="mood-fieldset">
            <legend>
              <Text component="span" fw={600} display="block">
                How is your mood today?
              </Text>
              <Text component="span" size="sm" display="block" mb="xs">
                0 is the lowest you can imagine, 10 the best.
              </Text>
            </legend>
            <Chip.Group value={mood} onChange={setMood}>
              <Group gap={6}>
                {moods.map((value) => (
                  <Chip key={value} value={value} name="mood" size="md" radius="sm" icon={null}>
                    {value}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            {fieldError(save.error, '/body/mood') && (
              <Text c="red.9" size="sm" mt="xs">
                {fieldError(save.error, '/body/mood')}
              </Text>
            )}
          </fieldset>
          <Textarea
            label="Journal (optional)"
            description="Your care team can read what you write here, but not always the same day. If you need help now, use Help now at the top."
            value={journal}
            onChange={(e) => setJournal(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={3}
            error={fieldError(save.error, '/body/journal')}
          />
          <ProblemAlert error={save.error} fieldsShown title="Your check-in was not saved" />
          <Button type="submit" size="md" loading={save.busy} disabled={mood === null && !note}>
            Save my check-in
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
