import { Badge, Button, Card, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { PortalConsentView, SignatureView, WithdrawBody } from '../../../../src/consent/model';
import { send } from '../../api/client';
import { Page } from '../../ui/Page';
import { fieldError, ProblemAlert } from '../../ui/Problem';
import { useApi, useSubmit } from '../../ui/useApi';
import { dateInWords, useClinicTimeZone } from '../format';
import { routeWords, signedCopyUrl, statusWords } from './words';

/** `/portal/consent`: what to sign, and every consent signed with its status, copy and a way to withdraw. */
export function Consent() {
  const consent = useApi<PortalConsentView>('/api/portal/consent');
  return (
    <Page
      title="Consent forms"
      purpose="Before treatment, you read and sign a consent form for how it is given."
    >
      <ProblemAlert error={consent.error} />
      {!consent.data && !consent.error && <Text>Loading…</Text>}
      {consent.data && (
        <>
          <Stack gap="sm" component="section" aria-labelledby="to-sign-heading">
            <Title order={2} size="h3" id="to-sign-heading">
              To sign
            </Title>
            {consent.data.toSign.length === 0 && <Text>Nothing to sign right now.</Text>}
            {consent.data.toSign.map(({ route, status, document }) => (
              <Card key={document.id} withBorder radius="md" padding="lg">
                <Text fw={700} size="lg">
                  {document.title}
                </Text>
                <Text size="sm" mt={4}>
                  {routeWords[route]} · version {document.version} · {statusWords[status]}
                </Text>
                <Button
                  component={Link}
                  to={`/portal/consent/${document.id}`}
                  size="lg"
                  fullWidth
                  mt="md"
                  aria-label={`Read and sign ${document.title}`}
                >
                  Read and sign
                </Button>
              </Card>
            ))}
          </Stack>
          <Signed view={consent.data} onChanged={consent.reload} />
        </>
      )}
    </Page>
  );
}

function Signed({ view, onChanged }: { view: PortalConsentView; onChanged: () => void }) {
  const timeZone = useClinicTimeZone();
  const [withdrawing, setWithdrawing] = useState<SignatureView>();
  return (
    <Stack gap="sm" component="section" aria-labelledby="signed-heading">
      <Title order={2} size="h3" id="signed-heading">
        Signed
      </Title>
      {view.signatures.length === 0 && <Text>You have not signed a consent form yet.</Text>}
      {view.signatures.map((signature) => {
        const route = view.routes.find((r) => r.signatureId === signature.id);
        // Only the latest signature per route has a status; an earlier one was replaced by it.
        const status = signature.withdrawal ? 'withdrawn' : route?.status;
        return (
          <Card key={signature.id} withBorder radius="md" padding="lg">
            <Text fw={700}>{signature.documentTitle}</Text>
            <Group gap="xs" mt={4}>
              <Badge color={status === 'current' ? 'teal.9' : 'gray.8'} variant="filled">
                {status ? statusWords[status] : 'Replaced by a later signature'}
              </Badge>
            </Group>
            <Text size="sm" mt={4}>
              Version {signature.documentVersion}, signed {dateInWords(signature.signedAt, timeZone)}
              {status === 'current' &&
                route?.expiresAt &&
                `; current until ${dateInWords(route.expiresAt, timeZone)}`}
              {signature.withdrawal &&
                `; withdrawn ${dateInWords(signature.withdrawal.withdrawnAt, timeZone)}`}
            </Text>
            <Group mt="md" gap="sm">
              <Button
                component="a"
                href={signedCopyUrl(signature.id)}
                download
                variant="default"
                size="md"
                aria-label={`Download signed copy (PDF) of ${signature.documentTitle}, version ${signature.documentVersion}`}
              >
                Download signed copy (PDF)
              </Button>
              {status === 'current' && (
                <Button variant="outline" color="red.9" size="md" onClick={() => setWithdrawing(signature)}>
                  Withdraw consent
                </Button>
              )}
            </Group>
          </Card>
        );
      })}
      {withdrawing && (
        <Withdraw
          signature={withdrawing}
          onClose={() => setWithdrawing(undefined)}
          onDone={() => {
            setWithdrawing(undefined);
            onChanged();
          }}
        />
      )}
    </Stack>
  );
}

function Withdraw({
  signature,
  onClose,
  onDone,
}: {
  signature: SignatureView;
  onClose: () => void;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const withdraw = useSubmit((body: WithdrawBody) =>
    send<SignatureView>('POST', `/api/portal/consent/signatures/${signature.id}/withdrawal`, body),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await withdraw.run({ reason: reason.trim() })) onDone();
  };
  return (
    <Modal opened onClose={onClose} title="Withdraw your consent?" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text>
            You can withdraw at any time. Your clinic will not start another {routeWords[signature.route]}{' '}
            session until you sign again. Sessions already done are not affected.
          </Text>
          <Textarea
            label="Why are you withdrawing?"
            description="Your care team reads this and may call you."
            required
            autosize
            minRows={3}
            size="md"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError(withdraw.error, '/body/reason')}
          />
          <ProblemAlert error={withdraw.error} fieldsShown title="Your consent was not withdrawn" />
          <Group grow>
            <Button variant="default" size="md" onClick={onClose}>
              Keep my consent
            </Button>
            <Button
              type="submit"
              color="red.9"
              size="md"
              loading={withdraw.busy}
              disabled={reason.trim().length < 3}
            >
              Withdraw
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
