import { Button, Card, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { PortalConsentView } from '../../../../src/consent/model';

/** Home's "Sign your consent" card, while a consent form is waiting for the patient's signature. */
export function ConsentCard({ consent }: { consent: PortalConsentView }) {
  const count = consent.toSign.length;
  if (count === 0) return null;
  const only = count === 1 ? consent.toSign[0]!.document : undefined;
  return (
    <Card withBorder radius="md" padding="lg">
      <Text fw={700} size="lg">
        Sign your consent
      </Text>
      <Text size="sm" mt={4}>
        {only ? only.title : `${count} consent forms`}: read what treatment involves, then sign. Needed before
        your next session.
      </Text>
      <Button
        component={Link}
        to={only ? `/portal/consent/${only.id}` : '/portal/consent'}
        size="lg"
        fullWidth
        mt="md"
      >
        Read and sign
      </Button>
    </Card>
  );
}
