import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { PortalHome as PortalHomeView } from '../../../src/measures/model';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { CheckIn } from './CheckIn';
import { DueQuestionnaires } from './DueQuestionnaires';
import { PortalNotice } from './PortalNotice';

/** The portal's first screen: what is due, today's optional check-in, and the way to My progress. */
export function PortalHome() {
  const home = useApi<PortalHomeView>('/api/portal/home');
  return (
    <Page title="Home">
      <ProblemAlert error={home.error} />
      <Stack gap="sm" component="section" aria-labelledby="due-heading">
        <Title order={2} size="h3" id="due-heading">
          Due now
        </Title>
        {home.data ? <DueQuestionnaires due={home.data.due} /> : !home.error && <Text>Loading…</Text>}
      </Stack>
      {home.data &&
        (home.data.checkedInToday ? (
          <Text role="status">You have checked in today. Thank you.</Text>
        ) : (
          <CheckIn onSaved={home.reload} />
        ))}
      <Button component={Link} to="/portal/progress" variant="default" size="md">
        See my progress
      </Button>
      <PortalNotice />
    </Page>
  );
}
