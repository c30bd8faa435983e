import { Stack, Text, Title } from '@mantine/core';
import type { PortalAppointmentList } from '../../../src/reminder/model';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { AppointmentCard, PastAppointment } from './appointments/AppointmentCard';
import { ContactPreferences } from './appointments/ContactPreferences';

/** The patient's sessions: when, how to prepare, their escort, and how they get reminders. */
export function Appointments() {
  const list = useApi<PortalAppointmentList>('/api/portal/appointments');
  return (
    <Page title="Appointments">
      <ProblemAlert error={list.error} />
      <Stack gap="sm" component="section" aria-labelledby="upcoming-heading">
        <Title order={2} size="h3" id="upcoming-heading">
          Coming up
        </Title>
        {list.data &&
          (list.data.upcoming.length === 0 ? (
            <Text>No sessions are booked. The clinic will contact you to book one.</Text>
          ) : (
            list.data.upcoming.map((a) => (
              <AppointmentCard key={a.id} appointment={a} onChanged={list.reload} />
            ))
          ))}
        {!list.data && !list.error && <Text>Loading…</Text>}
      </Stack>
      {list.data && list.data.recent.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="recent-heading">
          <Title order={2} size="h3" id="recent-heading">
            Recent
          </Title>
          {list.data.recent.map((a) => (
            <PastAppointment key={a.id} appointment={a} />
          ))}
        </Stack>
      )}
      <ContactPreferences />
    </Page>
  );
}
