import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Image,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import QRCode from 'qrcode';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Static } from 'typebox';
import type { RecoveryCodes, TotpEnrolment } from '../../../src/identity/model';
import { send } from '../api/client';
import { useSession } from '../session/session';
import { CardPage } from '../shell/CardPage';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { useSubmit } from '../ui/useApi';

type Enrolment = Static<typeof TotpEnrolment>;

/** The key in groups of four, as authenticator apps ask for it when typed by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Authenticator set-up: a QR code (and the key, for typing), confirmation with a code, then the recovery codes —
 * shown this once, with a download — and an explicit "I have saved them" before moving on.
 */
export function Enrol() {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [qr, setQr] = useState<string>();
  const [codes, setCodes] = useState<string[]>();
  const [saved, setSaved] = useState(false);
  const started = useRef(false);
  const start = useSubmit(() => send<Enrolment>('POST', '/api/auth/mfa/totp'));
  const confirm = useSubmit((code: string) =>
    send<Static<typeof RecoveryCodes>>('POST', '/api/auth/mfa/totp/confirm', { code }),
  );

  // One secret per visit: a second request would replace the one already scanned.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void start.run().then(async (result) => {
      if (!result) return;
      setEnrolment(result);
      setQr(await QRCode.toDataURL(result.otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 220 }));
    });
  }, [start.run]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s+/g, '');
    const result = await confirm.run(code);
    if (result) setCodes(result.recoveryCodes);
  };

  const finish = async () => {
    await refresh();
    navigate('/today', { replace: true });
  };

  if (codes) {
    const text = `ketacare recovery codes for ${session.email}\nEach code works once, in place of an authenticator code.\n\n${codes.join('\n')}\n`;
    return (
      <CardPage title="Save your recovery codes" width={560} subtitle={session.email}>
        <Alert color="teal" role="status" title="Your authenticator is set up">
          If you lose your phone, each of these codes lets you sign in once. They are shown only now.
        </Alert>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" aria-label="Recovery codes">
          {codes.map((c) => (
            <Code key={c} fz="md" ta="center" py={6}>
              {c}
            </Code>
          ))}
        </SimpleGrid>
        <Group>
          <Button
            component="a"
            variant="default"
            download="ketacare-recovery-codes.txt"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          >
            Download as text
          </Button>
          <CopyButton value={codes.join('\n')}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Checkbox
          label="I have saved these codes somewhere safe, away from my phone"
          checked={saved}
          onChange={(e) => setSaved(e.currentTarget.checked)}
        />
        <Button disabled={!saved} onClick={() => void finish()}>
          Continue
        </Button>
      </CardPage>
    );
  }

  return (
    <CardPage
      title={session.mfa.enabled ? 'Reset your authenticator' : 'Set up your authenticator'}
      subtitle={session.email}
      width={560}
      below={
        !session.mfa.enrolmentPending && (
          <Anchor component={Link} to="/account" size="sm">
            Back to my account
          </Anchor>
        )
      }
    >
      {session.mfa.enrolmentPending && (
        <Alert color="blue" title="One step before you start">
          Your role needs an authenticator app (for example Google Authenticator, Microsoft Authenticator or
          1Password). Set it up now; it takes a minute.
        </Alert>
      )}
      <ProblemAlert error={start.error} title="Set-up could not start" />
      {!enrolment && !start.error && <Loader aria-label="Preparing your code" />}
      {enrolment && (
        <>
          <List type="ordered" spacing="xs">
            <List.Item>Open your authenticator app and add an account.</List.Item>
            <List.Item>Scan this QR code with it.</List.Item>
            <List.Item>Type the 6-digit code the app then shows.</List.Item>
          </List>
          <Group justify="center">
            {qr ? (
              <Image src={qr} w={220} h={220} alt="QR code to scan with your authenticator app" />
            ) : (
              <Loader />
            )}
          </Group>
          <div>
            <Text size="sm">Can’t scan? Enter this key in the app instead (time-based, 6 digits):</Text>
            <Code
              block
              fz="md"
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
              data-testid="totp-secret"
              aria-label="Key for manual entry"
            >
              {grouped(enrolment.secret)}
            </Code>
          </div>
          <form onSubmit={submit} noValidate aria-label="Confirm authenticator">
            <Stack gap="sm">
              <TextInput
                label="Code from the app"
                name="code"
                inputMode="numeric"
                pattern="[0-9]*"
                autoComplete="one-time-code"
                maxLength={6}
                required
                error={fieldError(confirm.error, '/body/code')}
              />
              <ProblemAlert error={confirm.error} fieldsShown />
              <Button type="submit" loading={confirm.busy}>
                Confirm
              </Button>
            </Stack>
          </form>
        </>
      )}
    </CardPage>
  );
}
