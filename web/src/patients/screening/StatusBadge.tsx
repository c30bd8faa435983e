import { Badge } from '@mantine/core';
import type { Label } from './labels';

/** A status or severity badge: its word always shown, the colour only an aid. */
export function StatusBadge({ label, size = 'sm' }: { label: Label; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={label.color} autoContrast size={size} tt="none" flex="none" miw="max-content">
      {label.label}
    </Badge>
  );
}
