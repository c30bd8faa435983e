import {
  Alert,
  Anchor,
  Box,
  Button,
  Card,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { CrisisLine, DemoBanner, ResponsibilityNotice, SkipLink } from './Notices';
import { isDemo, useClinics } from './useClinics';

/**
 * The sign-in form for staff (email, password, authenticator code) or patients (email, password). Sign-in
 * itself arrives with the identity module: wiring it means sending these fields to its login route from
 * `submit`. Until then the form says so instead of pretending.
 */
export function SignIn({ audience }: { audience: 'staff' | 'patient' }) {
  const { clinics, error } = useClinics();
  const [notice, setNotice] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(true);
  };
  const patient = audience === 'patient';
  useDocumentTitle(`${patient ? 'Patient portal sign-in' : 'Staff sign-in'} — ketacare`);
  return (
    <Box mih="100vh" bg="gray.0">
      <SkipLink />
      {isDemo(clinics) && <DemoBanner />}
      <Stack component="main" id="main" tabIndex={-1} align="center" py="xl" px="md" gap="md">
        <Card withBorder radius="md" padding="xl" w="100%" maw={420}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <div>
                <Title order={1} size="h3">
                  {patient ? 'Patient portal sign-in' : 'Staff sign-in'}
                </Title>
                <Text size="sm" c="dimmed">
                  {clinics[0]?.name ?? 'ketacare'}
                </Text>
              </div>
              {error && (
                <Alert color="orange" title="The clinic's details could not be loaded">
                  {error.detail ?? error.title}
                </Alert>
              )}
              <TextInput label="Email" name="email" type="email" autoComplete="username" required />
              <PasswordInput label="Password" name="password" autoComplete="current-password" required />
              {!patient && (
                <TextInput
                  label="Authenticator code"
                  name="totp"
                  description="Six digits from your authenticator app, if your role needs one"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                />
              )}
              {notice && (
                <Alert color="blue" role="status" title="Sign-in is not available yet">
                  Accounts arrive with the identity module of ketacare.
                </Alert>
              )}
              <Button type="submit" fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
        </Card>
        {patient ? (
          <Anchor component={Link} to="/portal/help" fw={700} c="red.9">
            Help now: crisis resources
          </Anchor>
        ) : (
          <Anchor component={Link} to="/portal/login" size="sm">
            Patient? Sign in to the patient portal
          </Anchor>
        )}
      </Stack>
      <footer>
        {patient && <CrisisLine />}
        <ResponsibilityNotice />
      </footer>
    </Box>
  );
}
