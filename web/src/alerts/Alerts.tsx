import { Alert, Anchor, Badge, Button, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { type AlertList, type AlertView, alertActions } from '../../../src/alert/model';
import { formatInstant } from '../admin/format';
import { useHasRole, useSession } from '../session/session';
import { DataTable } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { ProblemAlert } from '../ui/Problem';
import { useApi } from '../ui/useApi';
import { AcknowledgeDialog, type Acknowledged } from './AcknowledgeDialog';
import { alertPatient, severityLabels, timeAgo } from './format';
import { useOpenAlerts } from './openAlerts';

function PatientLink({ alert }: { alert: AlertView }) {
  if (!alert.patientId) return <Text>{alertPatient(alert)}</Text>;
  return (
    <Anchor component={Link} to={`/patients/${alert.patientId}`} fw={600}>
      {alertPatient(alert)}
    </Anchor>
  );
}

function What({ alert }: { alert: AlertView }) {
  return (
    <Stack gap={2}>
      <Text fw={600}>{alert.title}</Text>
      <Text size="sm">{alert.detail}</Text>
    </Stack>
  );
}

const When = ({ iso }: { iso: string }) => (
  <Text size="sm" title={formatInstant(iso)}>
    {timeAgo(iso)}
  </Text>
);

/** The work queue: unacknowledged alerts first, then what was done about the recent ones and by whom. */
export function Alerts() {
  const { clinicId } = useSession();
  // alert.acknowledge in src/identity/policy.ts: the clinical roles.
  const canAcknowledge = useHasRole('prescriber', 'nurse', 'therapist');
  const banner = useOpenAlerts();
  const open = useApi<AlertList>(`/api/clinics/${clinicId}/alerts?state=open&limit=500`);
  const done = useApi<AlertList>(`/api/clinics/${clinicId}/alerts?state=acknowledged&limit=50`);
  const [acknowledging, setAcknowledging] = useState<AlertView>();
  const [notice, setNotice] = useState<string>();

  // The banner polls; when its count moves, the queue follows.
  const seenCount = useRef<number | undefined>(undefined);
  const openCount = banner.list?.openCount;
  const reloadOpen = open.reload;
  useEffect(() => {
    if (openCount === undefined) return;
    if (seenCount.current !== undefined && seenCount.current !== openCount) reloadOpen();
    seenCount.current = openCount;
  }, [openCount, reloadOpen]);

  const changed = (outcome: Acknowledged) => {
    setNotice(
      'alert' in outcome
        ? `Acknowledged: ${alertPatient(outcome.alert)} — ${alertActions[outcome.alert.acknowledgement?.action ?? 'other']}.`
        : `Someone had already acknowledged this alert; the list now shows what they recorded. ${outcome.alreadyAcknowledged.detail ?? ''}`,
    );
    open.reload();
    done.reload();
    banner.refresh();
  };

  return (
    <Page
      title="Alerts"
      purpose="The work queue of things that need a person now. Each alert stays open until a clinician records what was done."
    >
      {notice && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      {!canAcknowledge && (
        <Text size="sm" c="dimmed">
          Acknowledging an alert is for the clinical team (prescribers, nurses, therapists). Tell one of them
          about any alert below that is not yet in hand.
        </Text>
      )}
      <Stack gap="sm">
        <Title order={2} size="h4">
          Needs acknowledgement{open.data ? ` (${open.data.alerts.length})` : ''}
        </Title>
        <ProblemAlert error={open.error} title="Open alerts cannot be shown" />
        {open.data && (
          <DataTable
            caption="Alerts that need acknowledgement"
            rows={open.data.alerts}
            rowKey={(a) => a.id}
            empty="No open alerts."
            columns={[
              {
                header: 'Severity',
                cell: (a) => (
                  <Badge color={severityLabels[a.severity].color} autoContrast miw="max-content">
                    {severityLabels[a.severity].label}
                  </Badge>
                ),
              },
              { header: 'Patient', cell: (a) => <PatientLink alert={a} /> },
              { header: 'Alert', cell: (a) => <What alert={a} /> },
              { header: 'Raised', cell: (a) => <When iso={a.raisedAt} /> },
              ...(canAcknowledge
                ? [
                    {
                      header: 'Action',
                      cell: (a: AlertView) => (
                        <Button
                          size="xs"
                          color="red.9"
                          onClick={() => setAcknowledging(a)}
                          aria-label={`Acknowledge ${a.title} for ${alertPatient(a)}`}
                        >
                          Acknowledge
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Stack>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Acknowledged
        </Title>
        <ProblemAlert error={done.error} title="Acknowledged alerts cannot be shown" />
        {done.data && (
          <DataTable
            caption="Acknowledged alerts"
            rows={done.data.alerts}
            rowKey={(a) => a.id}
            empty="No alert has been acknowledged yet."
            columns={[
              { header: 'Patient', cell: (a) => <PatientLink alert={a} /> },
              { header: 'Alert', cell: (a) => <What alert={a} /> },
              { header: 'Acknowledged by', cell: (a) => a.acknowledgement?.staffName },
              {
                header: 'Action taken',
                cell: (a) => (a.acknowledgement ? alertActions[a.acknowledgement.action] : null),
              },
              {
                header: 'Note',
                cell: (a) => (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {a.acknowledgement?.note}
                  </Text>
                ),
              },
              {
                header: 'When',
                cell: (a) => (a.acknowledgement ? <When iso={a.acknowledgement.acknowledgedAt} /> : null),
              },
            ]}
          />
        )}
      </Stack>
      <AcknowledgeDialog alert={acknowledging} onDone={changed} onClose={() => setAcknowledging(undefined)} />
    </Page>
  );
}
