import { Text } from '@mantine/core';

/** Under every questionnaire and trend: whose questionnaires these are, and that this is not an emergency line. */
export function PortalNotice() {
  return (
    <Text size="sm" c="dimmed">
      Your clinic chooses these questionnaires and decides what the answers mean for your care. ketacare is
      not for emergencies: if you are in danger, call 911.
    </Text>
  );
}
