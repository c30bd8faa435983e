import { Anchor, Box, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { alertPatient } from './format';
import { useOpenAlerts } from './openAlerts';

const strip = {
  position: 'sticky',
  // Under the fixed header, so it stays in view while the page scrolls.
  top: 'var(--app-shell-header-offset, 0px)',
  zIndex: 2,
} as const;

/**
 * On every console screen while the clinic has unacknowledged alerts: how many, whose are newest, and the way to
 * the queue. Only a documented acknowledgement makes it go away.
 */
export function AlertBanner() {
  const { list, failed } = useOpenAlerts();
  const count = list?.openCount ?? 0;
  if (failed && count === 0)
    return (
      <Box bg="orange.1" c="dark.9" px="md" py="xs" mb="md" style={strip} role="status">
        <Text size="sm" fw={600}>
          Safety alerts cannot be checked right now. <AlertsLink>Open the alert queue</AlertsLink> to see the
          latest.
        </Text>
      </Box>
    );
  if (count === 0) return null;
  const newest = [...new Set((list?.alerts ?? []).map(alertPatient))];
  return (
    <Box bg="red.9" c="white" px="md" py="sm" mb="md" style={strip} role="alert" data-testid="alert-banner">
      <Group gap="xs" wrap="wrap" justify="space-between">
        <Text fw={700}>
          {count === 1
            ? '1 safety alert needs acknowledgement'
            : `${count} safety alerts need acknowledgement`}
          {newest.length > 0 && <Text span fw={400}>{` — newest: ${newest.join(', ')}`}</Text>}
        </Text>
        <Text fw={700}>
          <AlertsLink>Open the alert queue</AlertsLink>
          {failed && (
            <Text span fw={400}>
              {' (last check failed; showing what was known)'}
            </Text>
          )}
        </Text>
      </Group>
    </Box>
  );
}

function AlertsLink({ children }: { children: string }) {
  return (
    <Anchor component={Link} to="/alerts" c="inherit" underline="always" fw={700}>
      {children}
    </Anchor>
  );
}
