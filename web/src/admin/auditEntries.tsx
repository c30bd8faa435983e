import { Badge } from '@mantine/core';
import type { AuditEntryView } from '../../../src/audit/model';
import { roleLabels } from '../session/session';
import type { Column } from '../ui/DataTable';
import { formatInstant } from './format';

/** What an entry records, in words: route templates and permissions become "Opened the chart" and the like. */
export function describeAction(entry: AuditEntryView): string {
  const [verb, what] = entry.action.split(':', 2);
  const resource = entry.resourceType ?? '';
  if (verb === 'read' || verb === 'denied') {
    const thing = resource.endsWith('/access-log')
      ? 'the chart’s access log'
      : resource.endsWith('/patients/:patientId')
        ? 'the chart'
        : resource.endsWith('/patients')
          ? 'the patient list'
          : resource.endsWith('/portal/me')
            ? 'their own record (portal)'
            : ((resource.replace(/^\/api\//, '') || what) ?? entry.action);
    return verb === 'read' ? `Viewed ${thing}` : `Tried to view ${thing}`;
  }
  return entry.action.replaceAll(/[._]/g, ' ');
}

const outcomeColor: Record<string, string> = { success: 'teal.9', denied: 'red.9', failure: 'orange.9' };
const roleWords = (csv: string | null) =>
  csv
    ? csv
        .split(',')
        .map((r) => roleLabels[r as keyof typeof roleLabels] ?? r)
        .join(', ')
    : '—';

/** Columns shared by the audit viewer and a chart's "who looked" panel. */
export function auditColumns(nameOf: (id: string | null) => string): Column<AuditEntryView>[] {
  return [
    { header: 'When', cell: (e) => formatInstant(e.occurredAt) },
    {
      header: 'Who',
      cell: (e) => (e.actorType === 'staff' ? nameOf(e.actorId) : `${e.actorType} ${nameOf(e.actorId)}`),
    },
    { header: 'Role', cell: (e) => roleWords(e.actorRole) },
    { header: 'What', cell: (e) => describeAction(e) },
    {
      header: 'Outcome',
      cell: (e) => (
        <Badge color={outcomeColor[e.outcome] ?? 'gray.7'} variant="light">
          {e.outcome}
        </Badge>
      ),
    },
  ];
}
