import { Badge } from '@mantine/core';
import type { Role } from '../../../src/identity/actor';
import { roleLabels } from '../session/session';

export function RoleBadge({ role, size = 'sm' }: { role: Role; size?: 'xs' | 'sm' }) {
  return (
    <Badge size={size} variant="outline" color="dark.4" tt="none" flex="none">
      {roleLabels[role]}
    </Badge>
  );
}
