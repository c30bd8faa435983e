import { Button, Card, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { PortalIntake } from '../../../../src/intake/model';

/** Home's "Finish your intake" card, while the intake has not been sent. */
export function IntakeCard({ intake }: { intake: PortalIntake }) {
  if (intake.status === 'submitted' || intake.status === 'reviewed') return null;
  const started = intake.status === 'draft';
  return (
    <Card withBorder radius="md" padding="lg">
      <Text fw={700} size="lg">
        {started ? 'Finish your intake' : 'Start your intake'}
      </Text>
      <Text size="sm" mt={4}>
        Questions about your health, treatments and medicines, so your care team can check that treatment is
        safe for you.{' '}
        {started ? 'Your answers so far are saved.' : 'About 15 minutes; you can stop and come back.'}
      </Text>
      <Button component={Link} to="/portal/intake" size="lg" fullWidth mt="md">
        {started ? 'Continue my intake' : 'Start my intake'}
      </Button>
    </Card>
  );
}
