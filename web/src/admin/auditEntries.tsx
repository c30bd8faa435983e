import { Badge } from '@mantine/core';
import type { AuditEntryView } from '../../../src/audit/model';
import { roleLabels } from '../session/session';
import type { Column } from '../ui/DataTable';
import { formatInstant } from './format';

const actionWords: Record<string, string> = {
  'alert.acknowledged': 'Acknowledged an alert',
  'alert.raised': 'Alert raised',
  'auth.lockout': 'Account locked after failed sign-ins',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.logout_everywhere': 'Signed out everywhere',
  'auth.mfa_enrolled': 'Set up an authenticator',
  'auth.password_changed': 'Changed password',
  'auth.step_up': 'Re-authenticated (step-up)',
  'clinic.security_changed': 'Changed sign-in rules',
  'consent.document_published': 'Published a consent document version',
  'consent.signed': 'Signed a consent',
  'consent.withdrawn': 'Withdrew a consent',
  'device.issued': 'Issued a device token',
  'device.revoked': 'Revoked a device token',
  'instrument.added': 'Added a clinic instrument',
  'intake.draft_saved': 'Saved the intake draft',
  'intake.fact_added': 'Recorded an intake fact',
  'intake.fact_corrected': 'Corrected an intake fact',
  'intake.reviewed': 'Reviewed an intake',
  'intake.submitted': 'Submitted the intake',
  'measures.assignment_ended': 'Ended a questionnaire assignment',
  'measures.check_in_recorded': 'Recorded a mood check-in',
  'measures.questionnaire_assigned': 'Assigned a questionnaire',
  'measures.response_corrected': 'Corrected a questionnaire response',
  'measures.response_recorded': 'Recorded a questionnaire response',
  'notification.channel_changed': 'Changed the notification channel',
  'notification.test_queued': 'Sent a test notification',
  'organisation.initialised': 'Set up the organisation',
  'patient.invitation_accepted': 'Joined the portal from an invitation',
  'patient.invited': 'Invited a patient to the portal',
  'patient.profile_changed': 'Changed registration details',
  'patient.registered': 'Registered a patient',
  'screening.decided': 'Recorded an eligibility decision',
  'screening.ran': 'Ran screening',
  'screening.rules_changed': 'Changed the screening rules',
  'settings.changed': 'Changed clinical thresholds',
  'staff.created': 'Added a staff member',
  'staff.licence_added': 'Recorded a licence',
  'staff.renamed': 'Renamed a staff member',
  'staff.roles_changed': 'Changed roles',
};

/** What an entry records, in words: route templates and permissions become "Viewed the chart" and the like. */
export function describeAction(entry: AuditEntryView): string {
  const known = actionWords[entry.action];
  if (known) return known;
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
            : resource.endsWith('/auth/session')
              ? 'their sign-in session'
              : ((resource.replace(/^\/api\//, '') || what) ?? entry.action);
    return verb === 'read' ? `Viewed ${thing}` : `Tried to view ${thing}`;
  }
  return entry.action.replaceAll(/[._]/g, ' ');
}

// Light badges whose text stays above 4.5:1 (orange does not); the word itself carries the meaning.
const outcomeColor: Record<string, string> = { success: 'teal', denied: 'red', failure: 'gray' };
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
      cell: (e) =>
        e.actorType === 'staff'
          ? nameOf(e.actorId)
          : e.actorType === 'patient'
            ? 'The patient (portal)'
            : `${e.actorType} ${nameOf(e.actorId)}`,
    },
    { header: 'Role', cell: (e) => roleWords(e.actorRole) },
    { header: 'What', cell: (e) => describeAction(e) },
    {
      header: 'Outcome',
      cell: (e) => (
        <Badge color={outcomeColor[e.outcome] ?? 'gray'} variant="light" tt="none">
          {e.outcome}
        </Badge>
      ),
    },
  ];
}
