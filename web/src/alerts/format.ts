import type { AlertView } from '../../../src/alert/model';

/** How long ago, in the words of a handover: "just now", "12 min ago", "3 h ago", "2 days ago". */
export function timeAgo(iso: string, now = Date.now()): string {
  const minutes = Math.floor((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}

/** Badge colours; rendered with autoContrast, so the lighter ones get dark text. */
export const severityLabels: Record<AlertView['severity'], { label: string; color: string }> = {
  critical: { label: 'Critical', color: 'red.9' },
  high: { label: 'High', color: 'orange.4' },
  medium: { label: 'Medium', color: 'yellow.3' },
};

export const alertPatient = (alert: AlertView) => alert.patientName ?? 'Patient not named';
