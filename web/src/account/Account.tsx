import { Alert, Button, Card, Group, Modal, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { send } from '../api/client';
import { useSession } from '../session/session';
import { Page } from '../ui/Page';
import { fieldError, ProblemAlert } from '../ui/Problem';
import { RoleBadge } from '../ui/RoleBadge';
import { useSubmit } from '../ui/useApi';

/** One's own account: who and where, password, authenticator, and signing out of every device. */
export function Account() {
  const { session, end } = useSession();
  const [changed, setChanged] = useState(false);
  const [confirmAll, everywhere] = useDisclosure();
  const password = useSubmit((body: { currentPassword: string; newPassword: string }) =>
    send<{ ok: true }>('POST', '/api/auth/password', body),
  );
  const logoutAll = useSubmit(() => send<{ ok: true }>('POST', '/api/auth/logout-everywhere'));

  const changePassword = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const ok = await password.run({
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
    });
    if (ok) {
      setChanged(true);
      formElement.reset();
    }
  };

  return (
    <Page title="My account" purpose={`${session.name} · ${session.email}`}>
      <Card withBorder padding="lg" maw={640}>
        <Title order={2} size="h4" mb="sm">
          Clinics and roles
        </Title>
        <Stack gap="xs">
          {session.clinics.map((c) => (
            <Group key={c.clinicId} gap="xs">
              <Text>{c.clinicName}</Text>
              {c.roles.map((r) => (
                <RoleBadge key={r} role={r} />
              ))}
            </Group>
          ))}
        </Stack>
      </Card>

      <Card withBorder padding="lg" maw={640}>
        <Title order={2} size="h4" mb="xs">
          Authenticator app
        </Title>
        <Text mb="sm">
          {session.mfa.enabled
            ? 'Your sign-in asks for a code from your authenticator app.'
            : session.mfa.required
              ? 'Your role needs an authenticator app. Set it up now.'
              : 'Not set up. An authenticator app protects your account even if your password leaks.'}
        </Text>
        <Group>
          <Button
            component={Link}
            to="/account/authenticator"
            variant={session.mfa.enabled ? 'default' : 'filled'}
          >
            {session.mfa.enabled ? 'Reset the authenticator (new phone)' : 'Set up an authenticator'}
          </Button>
        </Group>
      </Card>

      <Card withBorder padding="lg" maw={640}>
        <form onSubmit={changePassword} noValidate aria-label="Change password">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Change password
            </Title>
            <Text size="sm" c="dimmed">
              At least 12 characters; a long phrase is easiest. Changing it signs you out everywhere else.
            </Text>
            <PasswordInput
              label="Current password"
              name="currentPassword"
              autoComplete="current-password"
              required
              error={fieldError(password.error, '/body/currentPassword')}
            />
            <PasswordInput
              label="New password"
              name="newPassword"
              autoComplete="new-password"
              required
              error={fieldError(password.error, '/body/newPassword')}
            />
            <ProblemAlert error={password.error} fieldsShown />
            {changed && (
              <Alert color="teal" role="status">
                Your password is changed.
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={password.busy}>
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>

      <Card withBorder padding="lg" maw={640}>
        <Title order={2} size="h4" mb="xs">
          Sign out everywhere
        </Title>
        <Text mb="sm">Ends every session of yours, on every computer and phone — this one too.</Text>
        <Group>
          <Button color="red.9" variant="outline" onClick={everywhere.open}>
            Sign out everywhere…
          </Button>
        </Group>
        <Modal opened={confirmAll} onClose={everywhere.close} title="Sign out everywhere?" centered>
          <Text mb="md">Every session of yours ends now, including this one.</Text>
          <ProblemAlert error={logoutAll.error} />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={everywhere.close}>
              Cancel
            </Button>
            <Button
              color="red.9"
              loading={logoutAll.busy}
              onClick={async () => {
                if (await logoutAll.run()) await end('revoked');
              }}
            >
              Sign out everywhere
            </Button>
          </Group>
        </Modal>
      </Card>
    </Page>
  );
}
