import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { PortalConsentView } from '../../../src/consent/model';
import type { PortalIntake } from '../../../src/intake/model';
import type { PortalHome as PortalHomeView } from '../../../src/measures/model';
import type { PortalAppointmentList } from '../../../src/reminder/model';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { EscortTaskCard, NextAppointmentCard } from './appointments/NextAppointmentCard';
import { CheckIn } from './CheckIn';
import { ConsentCard } from './consent/ConsentCard';
import { DueQuestionnaires } from './DueQuestionnaires';
import { IntakeCard } from './intake/IntakeCard';
import { PortalNotice } from './PortalNotice';

/** The portal's first screen: what is due, today's optional check-in, and the way to My progress. */
export function PortalHome() {
  const home = useApi<PortalHomeView>('/api/portal/home');
  const intake = useApi<PortalIntake>('/api/portal/intake');
  const consent = useApi<PortalConsentView>('/api/portal/consent');
  const intakeDue = intake.data && (intake.data.status === 'not_started' || intake.data.status === 'draft');
  const appointments = useApi<PortalAppointmentList>('/api/portal/appointments');
  const consentDue = consent.data && consent.data.toSign.length > 0;
  const next = appointments.data?.upcoming[0];
  const escortDue = appointments.data?.upcoming.find((a) => a.escortDue);
  return (
    <Page title="Home">
      <ProblemAlert error={home.error ?? intake.error ?? consent.error ?? appointments.error} />
      {(intakeDue || consentDue || escortDue) && (
        <Stack gap="sm" component="section" aria-labelledby="to-do-heading">
          <Title order={2} size="h3" id="to-do-heading">
            Before your next session
          </Title>
          {intake.data && <IntakeCard intake={intake.data} />}
          {consent.data && <ConsentCard consent={consent.data} />}
          {escortDue && <EscortTaskCard appointment={escortDue} />}
        </Stack>
      )}
      {next && (
        <Stack gap="sm" component="section" aria-labelledby="next-appointment-heading">
          <Title order={2} size="h3" id="next-appointment-heading">
            Next appointment
          </Title>
          <NextAppointmentCard appointment={next} />
        </Stack>
      )}
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
