import { Alert, Button, Card, Checkbox, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ConsentDocumentView, SignatureView, SignBody } from '../../../../src/consent/model';
import type { Patient } from '../../../../src/patient/model';
import { send } from '../../api/client';
import { Page } from '../../ui/Page';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useApi, useSubmit } from '../../ui/useApi';
import { dateInWords, useClinicTimeZone } from '../format';
import { Markdown } from './Markdown';
import { routeWords, signedCopyUrl } from './words';

/** `/portal/consent/:documentId`: the document, each statement ticked on its own, the full name typed, then Sign. */
export function SignConsent() {
  const { documentId = '' } = useParams();
  const document = useApi<ConsentDocumentView>(
    `/api/portal/consent/documents/${encodeURIComponent(documentId)}`,
  );
  const [signed, setSigned] = useState<SignatureView>();
  if (signed) return <Signed signature={signed} />;
  if (!document.data)
    return (
      <Page title="Consent form">
        {document.error ? <ProblemAlert error={document.error} /> : <Text>Loading the form…</Text>}
        <Button component={Link} to="/portal/consent" variant="default" size="md">
          Back to consent forms
        </Button>
      </Page>
    );
  return <SignForm document={document.data} onSigned={setSigned} />;
}

function SignForm({
  document,
  onSigned,
}: {
  document: ConsentDocumentView;
  onSigned: (s: SignatureView) => void;
}) {
  const timeZone = useClinicTimeZone();
  const { data: me } = useApi<Patient>('/api/portal/me');
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [typedName, setTypedName] = useState('');
  const [tried, setTried] = useState(false);
  const sign = useSubmit((body: SignBody) =>
    send<SignatureView>('POST', '/api/portal/consent/signatures', body),
  );
  const missing = document.attestations.filter((a) => !acknowledged.includes(a.id));
  const legalName = me ? `${me.givenName} ${me.familyName}` : undefined;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    if (missing.length > 0 || !typedName.trim()) return;
    const result = await sign.run({ documentId: document.id, acknowledged, typedName: typedName.trim() });
    if (result) onSigned(result);
  };
  const toggle = (id: string, on: boolean) =>
    setAcknowledged((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  return (
    <Page title={document.title}>
      <Text size="sm" c="dimmed">
        {routeWords[document.route]} · version {document.version}
      </Text>
      <Card withBorder radius="md" padding="lg" component="article" aria-label="Consent document">
        <Stack gap="sm">
          <Markdown source={document.bodyMarkdown} />
        </Stack>
      </Card>
      <form onSubmit={submit} noValidate aria-label="Sign the consent form">
        <Stack gap="md">
          <Title order={2} size="h3">
            Please confirm each statement
          </Title>
          {document.attestations.map((a) => (
            <Card key={a.id} withBorder radius="md" padding="md">
              <Checkbox
                size="md"
                label={a.text}
                checked={acknowledged.includes(a.id)}
                onChange={(e) => toggle(a.id, e.currentTarget.checked)}
                error={
                  tried && !acknowledged.includes(a.id) ? 'Please confirm this statement to sign.' : undefined
                }
              />
            </Card>
          ))}
          {fieldError(sign.error, '/body/acknowledged') && (
            <Alert color="red" role="alert">
              {fieldError(sign.error, '/body/acknowledged')}
            </Alert>
          )}
          <TextInput
            label="Type your full legal name to sign"
            description={legalName ? `As your clinic has it: ${legalName}` : undefined}
            size="md"
            autoComplete="name"
            value={typedName}
            onChange={(e) => setTypedName(e.currentTarget.value)}
            error={
              fieldError(sign.error, '/body/typedName') ??
              (tried && !typedName.trim() ? 'Please type your full name.' : undefined)
            }
          />
          <Text>Date: {dateInWords(new Date().toISOString(), timeZone)}</Text>
          {tried && missing.length > 0 && (
            <Alert color="red" role="alert" title="Not signed yet">
              {missing.length === 1
                ? 'One statement is not confirmed.'
                : `${missing.length} statements are not confirmed.`}
            </Alert>
          )}
          <ProblemAlert error={sign.error} fieldsShown title="Not signed" />
          <Button type="submit" size="lg" loading={sign.busy} fullWidth>
            Sign
          </Button>
          <Button component={Link} to="/portal/consent" variant="default" size="md">
            Not now
          </Button>
        </Stack>
      </form>
    </Page>
  );
}

function Signed({ signature }: { signature: SignatureView }) {
  useDocumentTitle('Signed — ketacare');
  const timeZone = useClinicTimeZone();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
    heading.current?.focus();
  }, []);
  return (
    <Stack gap="md">
      <Title order={1} size="h2" ref={heading} tabIndex={-1}>
        Signed
      </Title>
      <Text size="lg">
        You signed {signature.documentTitle} (version {signature.documentVersion}) on{' '}
        {dateInWords(signature.signedAt, timeZone)} as {signature.typedName}.
      </Text>
      <Text>You can withdraw your consent at any time from Consent forms.</Text>
      <Button component="a" href={signedCopyUrl(signature.id)} download size="lg">
        Download signed copy (PDF)
      </Button>
      <Button component={Link} to="/portal" variant="default" size="md">
        Back to home
      </Button>
      <Button component={Link} to="/portal/consent" variant="default" size="md">
        All consent forms
      </Button>
    </Stack>
  );
}
