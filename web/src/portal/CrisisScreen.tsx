import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { ClinicContact, CrisisResources } from './HelpNow';

/**
 * Shown at once when the server says an answer means the patient may be at risk. It stays until the patient
 * chooses to leave (no timer, no redirect), and focus starts on its heading so a screen reader reads it first.
 */
export function CrisisScreen() {
  useDocumentTitle('Help is available now — ketacare');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    heading.current?.focus();
  }, []);
  return (
    <Stack gap="md">
      <Title order={1} size="h2" ref={heading} tabIndex={-1}>
        Help is available now
      </Title>
      <Text size="lg">
        Thank you for your answers. Some of them tell us you may be going through a very hard time, and we
        want to make sure you are safe.
      </Text>
      <CrisisResources />
      <Alert color="teal" title="Your care team has been alerted" role="status">
        Your care team has been alerted and will contact you. If you feel unsafe while you wait, do not wait
        for them: call 911, or call or text 988.
      </Alert>
      <ClinicContact />
      <Button component={Link} to="/portal" variant="default" size="md">
        I have read this — back to home
      </Button>
    </Stack>
  );
}
