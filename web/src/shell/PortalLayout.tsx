import { Anchor, Box, Button, Container, Group, Text, Title } from '@mantine/core';
import { Link, Outlet, useLocation } from 'react-router';
import type { Patient } from '../../../src/patient/model';
import { portalScreens } from '../portal/screens';
import { useSessionContext } from '../session/session';
import { useApi } from '../ui/useApi';
import { CrisisLine, DemoBanner, ResponsibilityNotice, SkipLink } from './Notices';
import { isDemo, useClinics } from './useClinics';

/** Phone first: a narrow column, large targets, and "Help now" always one tap away. */
export function PortalLayout() {
  const { clinics } = useClinics();
  const location = useLocation();
  const { state, end } = useSessionContext();
  const signedIn = state.status === 'signed-in' && state.session.kind === 'patient';
  // Help now is open to anyone; the name and the sections need a patient session.
  const { data: me } = useApi<Patient>(signedIn ? '/api/portal/me' : null);
  return (
    <Box mih="100vh" bg="gray.0">
      <SkipLink />
      {isDemo(clinics) && <DemoBanner />}
      <Box
        component="header"
        bg="white"
        px="md"
        py="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" c="teal.9">
            ketacare
          </Title>
          <Group gap="xs" wrap="nowrap">
            {signedIn && (
              <Button variant="subtle" size="sm" onClick={() => void end('sign-out')}>
                Sign out
              </Button>
            )}
            <Button component={Link} to="/portal/help" color="red.9" size="sm" radius="xl">
              Help now
            </Button>
          </Group>
        </Group>
        {me && (
          <Text size="sm" c="dimmed" mt={4}>
            Signed in as {me.preferredName ?? me.givenName} {me.familyName}
          </Text>
        )}
      </Box>
      {/* Wraps rather than scrolls sideways: on a phone every section stays in sight. */}
      {signedIn && (
        <Box
          component="nav"
          aria-label="Patient portal"
          bg="white"
          px="xs"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Group gap={0} py={4}>
            {portalScreens.map((screen) => {
              const active = location.pathname === screen.path;
              return (
                <Anchor
                  key={screen.path}
                  component={Link}
                  to={screen.path}
                  px="sm"
                  py={10}
                  fw={active ? 700 : 500}
                  c={active ? 'teal.9' : 'dark.6'}
                  aria-current={active ? 'page' : undefined}
                  underline={active ? 'always' : 'hover'}
                >
                  {screen.label}
                </Anchor>
              );
            })}
          </Group>
        </Box>
      )}
      <Container size={560} px="md" py="lg" component="main" id="main" tabIndex={-1}>
        <Outlet />
      </Container>
      <footer>
        <CrisisLine />
        <ResponsibilityNotice />
      </footer>
    </Box>
  );
}
