import { Anchor, Button, Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { AuditPage } from '../../../src/audit/model';
import type { PatientConsentView } from '../../../src/consent/model';
import type { Patient } from '../../../src/patient/model';
import type { ScreeningView } from '../../../src/screening/model';
import { auditColumns } from '../admin/auditEntries';
import { useStaffNames } from '../admin/staffNames';
import { useHasRole, useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { ConsentTab } from './consent/ConsentTab';
import { CourseTab } from './course/CourseTab';
import { ageOn, patientName } from './format';
import { IntakeTab } from './intake/IntakeTab';
import { MeasuresSummary } from './MeasuresSummary';
import { Cautions, RouteStatus } from './screening/RouteStatus';
import { ScreeningTab } from './screening/ScreeningTab';

/**
 * The chart: its header (age, route approvals, cautions, consent per route), then tabs — summary (scores and
 * outcomes, and for owner and compliance who has looked at it), intake, screening and consent — each shown to
 * the roles that may read it (policy.ts).
 */
export function PatientPage() {
  const { patientId = '' } = useParams();
  const { clinicId } = useSession();
  const [params, setParams] = useSearchParams();
  const auditor = useHasRole('owner', 'compliance');
  // measures.read and intake.read
  const clinical = useHasRole('prescriber', 'nurse', 'therapist');
  const prescriber = useHasRole('prescriber');
  const screeningReader = useHasRole('prescriber', 'nurse', 'therapist', 'front_desk');
  const consentReader = useHasRole('prescriber', 'nurse', 'therapist', 'front_desk', 'compliance');
  const base = `/api/clinics/${clinicId}/patients/${patientId}`;
  const patient = useApi<Patient>(base);
  // Loaded here, not in the tabs: the header shows them too, and a decision or a new fact refreshes both.
  const screening = useApi<ScreeningView>(screeningReader ? `${base}/screening` : null);
  const consent = useApi<PatientConsentView>(consentReader ? `${base}/consent` : null);
  const tab = params.get('tab') ?? 'summary';
  return (
    <Page title={patient.data ? patientName(patient.data) : 'Patient chart'}>
      <Anchor component={Link} to="/patients" size="sm">
        ← All patients
      </Anchor>
      <ProblemAlert error={patient.error} title="The chart cannot be shown" />
      {patient.data && (
        <Card withBorder padding="lg">
          <Stack gap="md">
            <Group gap="xl">
              <Stack gap={0}>
                <Text size="sm" c="dimmed">
                  Born
                </Text>
                <Text fw={600}>
                  {patient.data.birthDate} · {ageOn(patient.data.birthDate)} years
                </Text>
              </Stack>
              {patient.data.preferredName && (
                <Stack gap={0}>
                  <Text size="sm" c="dimmed">
                    Preferred name
                  </Text>
                  <Text fw={600}>{patient.data.preferredName}</Text>
                </Stack>
              )}
            </Group>
            {screening.data && <Cautions screening={screening.data} />}
            <RouteStatus screening={screening.data} consent={consent.data} />
            <ProblemAlert error={screening.error} title="Eligibility cannot be shown" />
            <ProblemAlert error={consent.error} title="Consent cannot be shown" />
          </Stack>
        </Card>
      )}
      {patient.data && (
        <Tabs
          value={tab}
          onChange={(value) =>
            setParams(value && value !== 'summary' ? { tab: value } : {}, { replace: true })
          }
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="summary">Summary</Tabs.Tab>
            {clinical && <Tabs.Tab value="intake">Intake</Tabs.Tab>}
            {screeningReader && <Tabs.Tab value="screening">Screening</Tabs.Tab>}
            {consentReader && <Tabs.Tab value="consent">Consent</Tabs.Tab>}
            {screeningReader && <Tabs.Tab value="course">Course and orders</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="summary">
            <Stack gap="xl">
              {clinical && (
                <MeasuresSummary clinicId={clinicId} patientId={patientId} prescriber={prescriber} />
              )}
              {auditor && <AccessLog clinicId={clinicId} patientId={patientId} />}
            </Stack>
          </Tabs.Panel>
          {clinical && (
            <Tabs.Panel value="intake">
              <IntakeTab clinicId={clinicId} patientId={patientId} onFactsChanged={screening.reload} />
            </Tabs.Panel>
          )}
          {screeningReader && (
            <Tabs.Panel value="screening">
              <ScreeningTab clinicId={clinicId} patientId={patientId} screening={screening} />
            </Tabs.Panel>
          )}
          {consentReader && (
            <Tabs.Panel value="consent">
              <ConsentTab clinicId={clinicId} patient={patient.data} consent={consent} />
            </Tabs.Panel>
          )}
          {screeningReader && (
            <Tabs.Panel value="course">
              <CourseTab clinicId={clinicId} patientId={patientId} />
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Page>
  );
}

function AccessLog({ clinicId, patientId }: { clinicId: string; patientId: string }) {
  const [before, setBefore] = useState<number>();
  const log = useApi<AuditPage>(
    `/api/clinics/${clinicId}/patients/${patientId}/access-log?limit=50${before ? `&before=${before}` : ''}`,
  );
  const { nameOf } = useStaffNames(clinicId, true);
  return (
    <Stack gap="sm" component="section" aria-labelledby="who-looked">
      <Title order={2} size="h4" id="who-looked">
        Who looked at this chart
      </Title>
      <Text size="sm" c="dimmed">
        Every view and every refused attempt, newest first. Views are recorded within a few seconds.
      </Text>
      <ProblemAlert error={log.error} />
      {log.data && (
        <DataTable
          caption="Who looked at this chart"
          rows={log.data.entries}
          rowKey={(e) => e.id}
          empty="Nobody has opened this chart yet."
          columns={auditColumns(nameOf)}
        />
      )}
      <Group>
        {before && (
          <Button variant="default" onClick={() => setBefore(undefined)}>
            Newest
          </Button>
        )}
        {log.data?.nextBefore && (
          <Button variant="default" onClick={() => setBefore(log.data?.nextBefore ?? undefined)}>
            Older
          </Button>
        )}
      </Group>
    </Stack>
  );
}
