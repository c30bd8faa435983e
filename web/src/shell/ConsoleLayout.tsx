import {
  Anchor,
  AppShell,
  Burger,
  Button,
  Group,
  NativeSelect,
  NavLink,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { AlertBanner } from '../alerts/AlertBanner';
import { OpenAlertsProvider } from '../alerts/openAlerts';
import { consoleScreens } from '../console/screens';
import { useSession } from '../session/session';
import { RoleBadge } from '../ui/RoleBadge';
import { DemoBanner, ResponsibilityNotice, SkipLink } from './Notices';
import { isDemo, useClinics } from './useClinics';

/**
 * Admin is for owners and compliance officers (staff.read / audit.read in src/identity/policy.ts), for
 * prescribers (consent documents, screening rules, protocols) and for the front desk (chairs, hours and shifts;
 * patient messages).
 */
const visibleTo = (path: string, roles: string[]) =>
  path !== '/admin' ||
  ['owner', 'compliance', 'prescriber', 'front_desk'].some((role) => roles.includes(role));

export function ConsoleLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { clinics } = useClinics();
  const { session, clinicId, roles, chooseClinic, end } = useSession();
  const location = useLocation();
  const demo = isDemo(clinics);
  const clinic = session.clinics.find((c) => c.clinicId === clinicId);
  return (
    <OpenAlertsProvider>
      <AppShell
        // On a phone the demo banner takes two lines.
        header={{ height: demo ? { base: 116, sm: 96 } : 64 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="lg"
      >
        <AppShell.Header>
          <SkipLink />
          {demo && <DemoBanner />}
          <Group h={64} px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Toggle navigation"
              />
              <Title order={2} size="h4" c="teal.9">
                ketacare
              </Title>
              {session.clinics.length > 1 ? (
                <NativeSelect
                  aria-label="Clinic"
                  size="xs"
                  visibleFrom="sm"
                  value={clinicId}
                  onChange={(e) => chooseClinic(e.currentTarget.value)}
                  data={session.clinics.map((c) => ({ value: c.clinicId, label: c.clinicName }))}
                />
              ) : (
                <Text size="sm" c="dimmed" visibleFrom="sm">
                  {clinic?.clinicName}
                </Text>
              )}
            </Group>
            <Group gap="md" wrap="nowrap">
              <Stack gap={0} align="flex-end" visibleFrom="md">
                <Anchor component={RouterLink} to="/account" size="sm" fw={600} c="dark.9">
                  {session.name}
                </Anchor>
                <Group gap={4}>
                  {roles.map((r) => (
                    <RoleBadge key={r} role={r} size="xs" />
                  ))}
                </Group>
              </Stack>
              <Button variant="default" size="xs" onClick={() => void end('sign-out')}>
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Clinic console">
          {consoleScreens
            .filter((screen) => visibleTo(screen.path, roles))
            .map((screen) => (
              <NavLink
                key={screen.path}
                component={RouterLink}
                to={screen.path}
                label={screen.label}
                active={location.pathname.startsWith(screen.path)}
                variant="filled"
                onClick={close}
              />
            ))}
          <NavLink
            component={RouterLink}
            to="/account"
            label="My account"
            active={location.pathname.startsWith('/account')}
            variant="filled"
            mt="auto"
            onClick={close}
          />
          <NavLink component={RouterLink} to="/portal" label="Patient portal" onClick={close} />
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1}>
          <AlertBanner />
          <Outlet />
          <footer>
            <ResponsibilityNotice />
          </footer>
        </AppShell.Main>
      </AppShell>
    </OpenAlertsProvider>
  );
}
