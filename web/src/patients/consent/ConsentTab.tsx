import {
  Anchor,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type {
  ConsentDocumentList,
  PatientConsentView,
  SignatureView,
  WithdrawalView,
} from '../../../../src/consent/model';
import type { Patient } from '../../../../src/patient/model';
import { formatInstant } from '../../admin/format';
import { send } from '../../api/client';
import { useHasRole } from '../../session/session';
import { DataTable } from '../../ui/DataTable';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import type { Loaded } from '../../ui/useApi';
import { useApi, useSubmit } from '../../ui/useApi';
import { routeLabels } from '../screening/labels';
import { StatusBadge } from '../screening/StatusBadge';
import { consentLabels } from './labels';
import { TabletSigning } from './TabletSigning';

/**
 * Consent per route (current only on the latest version and within the clinic's validity), every signature with
 * its signed PDF copy, signing on the clinic tablet and recording a withdrawal (consent.record).
 */
export function ConsentTab({
  clinicId,
  patient,
  consent,
}: {
  clinicId: string;
  patient: Patient;
  consent: Loaded<PatientConsentView>;
}) {
  const canRecord = useHasRole('front_desk', 'nurse', 'prescriber');
  const documents = useApi<ConsentDocumentList>(`/api/clinics/${clinicId}/consent/documents`);
  const [signRoute, setSignRoute] = useState<string>('');
  const [signing, setSigning] = useState<string>();
  const [withdrawing, setWithdrawing] = useState<SignatureView>();
  const base = `/api/clinics/${clinicId}/patients/${patient.id}/consent`;
  const view = consent.data;
  const published = documents.data?.documents ?? [];
  const chosen = published.find((d) => d.route === (signRoute || published[0]?.route));

  return (
    <Stack gap="lg">
      <Title order={2} size="h4">
        Consent
      </Title>
      <ProblemAlert error={consent.error} title="Consent cannot be shown" />
      <ProblemAlert error={documents.error} title="Consent documents cannot be shown" />
      {view && (
        <>
          <Text size="sm" c="dimmed">
            Consent is current only on the latest version of the route’s document, for {view.validityMonths}{' '}
            months from signing. A withdrawal blocks new sessions.
          </Text>
          <DataTable
            caption="Consent per route"
            rows={view.routes}
            rowKey={(r) => r.route}
            empty="No routes."
            columns={[
              { header: 'Route', cell: (r) => routeLabels[r.route] },
              { header: 'Status', cell: (r) => <StatusBadge label={consentLabels[r.status]} /> },
              {
                header: 'Valid until',
                cell: (r) => (r.status === 'current' && r.expiresAt ? formatInstant(r.expiresAt) : ''),
              },
              {
                header: 'Latest document',
                cell: (r) => (r.latestVersion === null ? 'None published' : `Version ${r.latestVersion}`),
              },
            ]}
          />
        </>
      )}
      {canRecord && (
        <Stack gap="xs" component="section" aria-labelledby="tablet-heading">
          <Title order={3} size="h5" id="tablet-heading">
            Sign on the clinic tablet
          </Title>
          {published.length === 0 ? (
            <Text size="sm" c="dimmed">
              No consent document is published yet (Admin → Consent documents).
            </Text>
          ) : (
            <Group align="flex-end">
              <NativeSelect
                label="Document"
                value={chosen?.route ?? ''}
                onChange={(e) => setSignRoute(e.currentTarget.value)}
                data={published.map((d) => ({
                  value: d.route,
                  label: `${routeLabels[d.route]}: ${d.title} (version ${d.version})`,
                }))}
              />
              <Button onClick={() => chosen && setSigning(chosen.id)} disabled={!chosen}>
                Sign on clinic tablet
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {view && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Signatures
          </Title>
          <DataTable
            caption="Consent signatures, newest first"
            rows={view.signatures}
            rowKey={(s) => s.id}
            empty="Nothing signed yet."
            columns={[
              { header: 'Signed', cell: (s) => formatInstant(s.signedAt) },
              { header: 'Route', cell: (s) => routeLabels[s.route] },
              { header: 'Document', cell: (s) => `${s.documentTitle} (version ${s.documentVersion})` },
              { header: 'Typed name', cell: (s) => s.typedName },
              { header: 'Where', cell: (s) => (s.signedVia === 'portal' ? 'Portal' : 'Clinic tablet') },
              {
                header: 'Withdrawn',
                cell: (s) =>
                  s.withdrawal ? (
                    `${formatInstant(s.withdrawal.withdrawnAt)}: ${s.withdrawal.reason}`
                  ) : canRecord ? (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Record withdrawal of ${s.documentTitle} signed ${formatInstant(s.signedAt)}`}
                      onClick={() => setWithdrawing(s)}
                    >
                      Record withdrawal
                    </Button>
                  ) : (
                    ''
                  ),
              },
              {
                header: 'Copy',
                cell: (s) => (
                  <Anchor href={`${base}/signatures/${s.id}.pdf`} target="_blank" rel="noreferrer" size="sm">
                    Signed PDF<VisuallyHidden> of {s.documentTitle}</VisuallyHidden>
                  </Anchor>
                ),
              },
            ]}
          />
        </Stack>
      )}
      {signing && (
        <TabletSigning
          clinicId={clinicId}
          patient={patient}
          documentId={signing}
          onClose={() => setSigning(undefined)}
          onSigned={consent.reload}
        />
      )}
      <Modal
        opened={withdrawing !== undefined}
        onClose={() => setWithdrawing(undefined)}
        title="Record a withdrawal"
      >
        {withdrawing && (
          <Withdraw
            path={`${base}/signatures/${withdrawing.id}/withdrawal`}
            signature={withdrawing}
            onDone={() => {
              setWithdrawing(undefined);
              consent.reload();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function Withdraw({
  path,
  signature,
  onDone,
}: {
  path: string;
  signature: SignatureView;
  onDone: () => void;
}) {
  const submit = useSubmit((reason: string) => send<WithdrawalView>('POST', path, { reason }));
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (await submit.run(reason)) onDone();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Record a withdrawal">
      <Stack gap="sm">
        <Text size="sm">
          The patient withdraws consent to {routeLabels[signature.route]} ({signature.documentTitle}, version{' '}
          {signature.documentVersion}). No new session of this route can start until they consent again.
        </Text>
        <Textarea
          label="Reason"
          name="reason"
          description="In the patient’s words, and how they told the clinic."
          autosize
          minRows={2}
          required
          data-autofocus
          error={fieldError(submit.error, '/body/reason')}
        />
        <ProblemAlert error={submit.error} fieldsShown />
        <Group justify="flex-end">
          <Button type="submit" color="red.9" loading={submit.busy}>
            Record withdrawal
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
