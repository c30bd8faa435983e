import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { AuditPage } from '../../../src/audit/model';
import type { Patient } from '../../../src/patient/model';
import { auditColumns } from '../admin/auditEntries';
import { useStaffNames } from '../admin/staffNames';
import { useHasRole, useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { ageOn, patientName } from './format';
import { MeasuresSummary } from './MeasuresSummary';

/** The chart: its header, scores and outcomes for the care team, and, for owner and compliance, who has looked at it. */
export function PatientPage() {
  const { patientId = '' } = useParams();
  const { clinicId } = useSession();
  const auditor = useHasRole('owner', 'compliance');
  // measures.read in src/identity/policy.ts
  const clinical = useHasRole('prescriber', 'nurse', 'therapist');
  const prescriber = useHasRole('prescriber');
  const patient = useApi<Patient>(`/api/clinics/${clinicId}/patients/${patientId}`);
  return (
    <Page title={patient.data ? patientName(patient.data) : 'Patient chart'}>
      <Anchor component={Link} to="/patients" size="sm">
        ← All patients
      </Anchor>
      <ProblemAlert error={patient.error} title="The chart cannot be shown" />
      {patient.data && (
        <Card withBorder padding="lg">
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
          <Text size="sm" c="dimmed" mt="md">
            Route approvals, cautions, consent and the next appointment appear here as their modules arrive.
          </Text>
        </Card>
      )}
      {clinical && patient.data && (
        <MeasuresSummary clinicId={clinicId} patientId={patientId} prescriber={prescriber} />
      )}
      {auditor && <AccessLog clinicId={clinicId} patientId={patientId} />}
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
