import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { formatPhone, useClinics } from '../shell/useClinics';

/** 911 and 988, large and tappable: on Help now and on the crisis screen after a questionnaire. */
export function CrisisResources() {
  return (
    <Card withBorder radius="md" padding="lg" bg="red.0">
      <Text fw={700} size="lg">
        If you might act on thoughts of harming yourself, or you are in danger now:
      </Text>
      <Stack gap="xs" mt="sm">
        <Text size="lg">
          Call{' '}
          <Anchor href="tel:911" fw={700}>
            911
          </Anchor>
        </Text>
        <Text size="lg">
          Call or text{' '}
          <Anchor href="tel:988" fw={700}>
            988
          </Anchor>{' '}
          — the Suicide &amp; Crisis Lifeline, any time, day or night
        </Text>
      </Stack>
    </Card>
  );
}

/** The patient's clinic and its phone number, when the clinic list has arrived. */
export function ClinicContact() {
  const { clinics } = useClinics();
  const clinic = clinics[0];
  if (!clinic) return null;
  return (
    <Card withBorder radius="md" padding="lg">
      <Text fw={600}>Your clinic</Text>
      <Text>
        {clinic.name}: <Anchor href={`tel:${clinic.phone}`}>{formatPhone(clinic.phone)}</Anchor>
      </Text>
      <Text size="sm" c="dimmed">
        For questions about your treatment or side effects after a session.
      </Text>
    </Card>
  );
}

/** Crisis resources. Reachable from every portal page without signing in. */
export function HelpNow() {
  useDocumentTitle('Help now — ketacare');
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Help now
      </Title>
      <CrisisResources />
      <ClinicContact />
    </Stack>
  );
}
