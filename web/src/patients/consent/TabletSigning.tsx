import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { ConsentDocumentView, SignatureView, SignBody } from '../../../../src/consent/model';
import type { Patient } from '../../../../src/patient/model';
import { send } from '../../api/client';
import { Markdown } from '../../portal/consent/Markdown';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useApi, useSubmit } from '../../ui/useApi';
import { routeLabels } from '../screening/labels';

/**
 * The screen handed to the patient on the clinic tablet: the document, each attestation to tick, their typed
 * full name. Staff stay present (the signature records who handed it over).
 */
export function TabletSigning({
  clinicId,
  patient,
  documentId,
  onClose,
  onSigned,
}: {
  clinicId: string;
  patient: Patient;
  documentId: string;
  onClose: () => void;
  onSigned: () => void;
}) {
  const document = useApi<ConsentDocumentView>(`/api/clinics/${clinicId}/consent/documents/${documentId}`);
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [typedName, setTypedName] = useState('');
  const [signed, setSigned] = useState<SignatureView>();
  const sign = useSubmit((body: SignBody) =>
    send<SignatureView>('POST', `/api/clinics/${clinicId}/patients/${patient.id}/consent/signatures`, body),
  );
  const doc = document.data;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!doc) return;
    const result = await sign.run({ documentId: doc.id, acknowledged, typedName: typedName.trim() });
    if (result) {
      setSigned(result);
      onSigned();
    }
  };
  const allTicked = doc?.attestations.every((a) => acknowledged.includes(a.id)) ?? false;
  return (
    <Modal
      opened
      onClose={onClose}
      fullScreen
      title={`Consent for ${patient.givenName} ${patient.familyName}`}
    >
      <Stack gap="md" maw={760} mx="auto">
        <ProblemAlert error={document.error} title="The document cannot be shown" />
        {signed ? (
          <Stack gap="md">
            <Alert color="teal" variant="light" role="status" title="Signed">
              Thank you, {signed.typedName}. {signed.documentTitle} (version {signed.documentVersion}) is
              signed. Please hand the tablet back to the staff member.
            </Alert>
            <Group>
              <Button onClick={onClose}>Done</Button>
            </Group>
          </Stack>
        ) : (
          doc && (
            <form onSubmit={submit} noValidate aria-label="Sign the consent">
              <Stack gap="md">
                <Text size="sm" c="dimmed">
                  {routeLabels[doc.route]} · version {doc.version}. Please read it all, tick each statement
                  and type your full legal name.
                </Text>
                <Title order={2} size="h3">
                  {doc.title}
                </Title>
                <Markdown source={doc.bodyMarkdown} />
                <Checkbox.Group
                  label="I understand and agree that:"
                  value={acknowledged}
                  onChange={setAcknowledged}
                  error={fieldError(sign.error, '/body/acknowledged')}
                >
                  <Stack gap="sm" mt="xs">
                    {doc.attestations.map((a) => (
                      <Checkbox key={a.id} value={a.id} label={a.text} size="md" />
                    ))}
                  </Stack>
                </Checkbox.Group>
                <TextInput
                  label="Your full legal name"
                  description={`Today, ${new Date().toLocaleDateString(undefined, { dateStyle: 'long' })}`}
                  value={typedName}
                  onChange={(e) => setTypedName(e.currentTarget.value)}
                  autoComplete="off"
                  size="md"
                  error={fieldError(sign.error, '/body/typedName')}
                />
                <ProblemAlert error={sign.error} title="Not signed" fieldsShown />
                <Group>
                  <Button
                    type="submit"
                    size="md"
                    loading={sign.busy}
                    disabled={!allTicked || !typedName.trim()}
                  >
                    Sign
                  </Button>
                  <Button variant="default" size="md" onClick={onClose}>
                    Cancel
                  </Button>
                </Group>
              </Stack>
            </form>
          )
        )}
      </Stack>
    </Modal>
  );
}
