import { Anchor, AppShell, Burger, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { consoleScreens } from '../console/screens';
import { DemoBanner, ResponsibilityNotice, SkipLink } from './Notices';
import { isDemo, useClinics } from './useClinics';

export function ConsoleLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { clinics } = useClinics();
  const location = useLocation();
  const demo = isDemo(clinics);
  return (
    <AppShell
      header={{ height: demo ? 88 : 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <SkipLink />
        {demo && <DemoBanner />}
        <Group h={56} px="md" justify="space-between" wrap="nowrap">
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
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {clinics[0]?.name ?? 'Clinic console'}
            </Text>
          </Group>
          <Anchor component={RouterLink} to="/login" size="sm">
            Sign in
          </Anchor>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Clinic console">
        {consoleScreens.map((screen) => (
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
        <NavLink component={RouterLink} to="/portal" label="Patient portal" mt="auto" onClick={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
        <footer>
          <ResponsibilityNotice />
        </footer>
      </AppShell.Main>
    </AppShell>
  );
}
