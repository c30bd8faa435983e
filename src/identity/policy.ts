import type { Actor, Role } from './actor.js';

/**
 * The access policy — role × action × resource — as data, enforced in one place (authorise.ts) for every route.
 * A route names one permission; this table says who holds it. Pure: no I/O.
 */
export interface Grant {
  /** Staff roles holding it, in the clinic the request acts in; 'any' = every signed-in staff member. */
  staff?: readonly Role[] | 'any';
  /** Patients hold it for their own record only. */
  patient?: true;
  /** Device tokens holding this scope. */
  device?: string;
  /** Needs a password + TOTP re-authentication within the last 5 minutes (acts with legal weight). */
  stepUp?: true;
  /** Open to a staff member who still has to set up a required authenticator. */
  duringEnrolment?: true;
  description: string;
}

const clinical = ['prescriber', 'nurse', 'therapist'] as const satisfies readonly Role[];

export const policy = {
  'session.self': {
    staff: 'any',
    patient: true,
    duringEnrolment: true,
    description: 'See and manage one’s own sign-in, password and MFA',
  },
  'mfa.self': {
    staff: 'any',
    duringEnrolment: true,
    description: 'Set up one’s authenticator and re-authenticate (step-up)',
  },
  'clinic.read': { staff: 'any', description: 'See the clinics one works at' },
  'clinic.manage': { staff: ['owner'], description: 'Create clinics and change their details' },
  'staff.read': { staff: ['owner', 'compliance'], description: 'See staff, roles and licences' },
  'staff.manage': { staff: ['owner'], description: 'Invite staff, change roles and licences' },
  'device.manage': { staff: ['owner'], description: 'Issue and revoke device tokens' },
  'audit.read': { staff: ['owner', 'compliance'], description: 'View and export the audit trail' },
  'patient.read': {
    staff: [...clinical, 'front_desk', 'compliance'],
    description: 'See patient records of the clinic',
  },
  'patient.register': {
    staff: ['front_desk', 'nurse', 'prescriber'],
    description: 'Register patients and invite them to the portal',
  },
  'portal.self': {
    patient: true,
    description: 'A patient’s own portal: their record, questionnaires, documents',
  },
  'measures.read': {
    staff: clinical,
    description: 'See a patient’s rating-scale scores, check-ins and outcomes',
  },
  'measures.record': {
    staff: clinical,
    description: 'Record clinician ratings, enter or correct responses, assign questionnaires',
  },
  'instrument.read': { staff: 'any', description: 'See the clinic’s rating-scale instruments' },
  'instrument.manage': {
    staff: ['owner', 'prescriber'],
    description: 'Add the clinic’s own instrument definitions',
  },
  'alert.read': {
    staff: 'any',
    description: 'See the clinic’s alerts (unacknowledged ones stay on every staff screen)',
  },
  'alert.acknowledge': {
    staff: clinical,
    description: 'Acknowledge an alert with the action taken',
  },
  'report.read': {
    staff: ['owner', 'prescriber', 'compliance'],
    description: 'Clinic reports: outcomes, safety, operations',
  },
  'settings.read': {
    staff: 'any',
    description:
      'See the clinic’s clinical thresholds, screening rules and consent documents, with their sources',
  },
  'settings.manage': {
    staff: ['owner', 'prescriber'],
    stepUp: true,
    description: 'Change the clinic’s clinical thresholds (medical director)',
  },
  'notification.manage': {
    staff: ['owner'],
    description: 'Set where the clinic’s notifications are sent',
  },
  'intake.read': {
    staff: clinical,
    description: 'See a patient’s intake: history, diagnoses, medications, allergies, measurements',
  },
  'intake.review': {
    staff: ['prescriber', 'nurse'],
    description: 'Review a submitted intake and record or correct diagnoses, medications and measurements',
  },
  'screening.read': {
    staff: [...clinical, 'front_desk'],
    description: 'See screening checklists and eligibility per route',
  },
  'screening.decide': {
    staff: ['prescriber'],
    description: 'Approve or decline treatment per route (overrides need step-up)',
  },
  'screening.rules.manage': {
    staff: ['owner', 'prescriber'],
    stepUp: true,
    description: 'Change the clinic’s screening rules and state rules (medical director)',
  },
  'consent.read': {
    staff: [...clinical, 'front_desk', 'compliance'],
    description: 'See consent documents and patients’ signatures',
  },
  'consent.record': {
    staff: ['front_desk', 'nurse', 'prescriber'],
    description: 'Take a signature on the clinic tablet and record a withdrawal',
  },
  'consent.manage': {
    staff: ['owner', 'prescriber'],
    stepUp: true,
    description: 'Publish new versions of the clinic’s consent documents',
  },
  'vitals.ingest': { device: 'vitals:write', description: 'A monitor posting vital-sign readings' },
  'protocol.read': { staff: 'any', description: 'See the clinic’s treatment protocols and their versions' },
  'protocol.manage': {
    staff: ['owner', 'prescriber'],
    stepUp: true,
    description: 'Publish new versions of the clinic’s treatment protocols (medical director)',
  },
  'course.read': {
    staff: [...clinical, 'front_desk'],
    description: 'See treatment courses, their phase and the course rules’ verdicts',
  },
  'course.manage': {
    staff: ['prescriber'],
    description: 'Plan a treatment course, record its reassessment, change its phase or end it',
  },
  'order.read': {
    staff: [...clinical, 'front_desk'],
    description: 'See medication orders and whether they are valid',
  },
  'order.sign': {
    staff: ['prescriber'],
    stepUp: true,
    description: 'Sign or discontinue a medication order (re-authenticated)',
  },
  'order.request_change': {
    staff: ['nurse', 'prescriber'],
    description: 'Ask the prescriber to change an order (nurses cannot change orders themselves)',
  },
  'schedule.read': {
    staff: 'any',
    description: 'See the clinic’s calendar: chairs, shifts and appointments',
  },
  'schedule.book': {
    staff: ['front_desk', 'nurse', 'prescriber'],
    description: 'Book, reschedule and cancel appointments, record no-shows, keep the waitlist',
  },
  'schedule.manage': {
    staff: ['owner', 'front_desk'],
    description: 'Set up chairs, clinic hours and staff shifts',
  },
  'messages.read': {
    staff: ['owner', 'front_desk'],
    description: 'See messages sent to patients (and the development mailbox)',
  },
  'inventory.read': {
    staff: ['owner', 'prescriber', 'nurse', 'compliance'],
    description: 'See controlled-substance stock, the ledger, counts and discrepancies',
  },
  'inventory.record': {
    staff: ['prescriber', 'nurse'],
    stepUp: true,
    description:
      'Sign controlled-substance ledger entries: receive, transfer, dispense, administer, waste, return',
  },
  'inventory.count': {
    staff: ['prescriber', 'nurse', 'compliance'],
    stepUp: true,
    description: 'Take a stock count (with a second staff member)',
  },
  'inventory.resolve': {
    staff: ['owner', 'compliance'],
    stepUp: true,
    description: 'Resolve discrepancies; record destruction, loss or theft',
  },
  'inventory.manage': {
    staff: ['owner', 'compliance'],
    stepUp: true,
    description: 'Keep DEA registrations, state licences, products and storage locations',
  },
  'inventory.report': {
    staff: ['owner', 'compliance', 'prescriber'],
    description: 'Controlled-substance reports and diversion signals',
  },
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof policy;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(policy, value);
}

export function grantOf(permission: Permission): Grant {
  return policy[permission];
}

/** What a request targets, read from its path: `/api/clinics/:clinicId/…`. */
export interface Target {
  clinicId?: string | undefined;
}

export type Decision =
  | { outcome: 'allow'; clinicId: string | undefined }
  | {
      outcome: 'deny';
      status: 401 | 403 | 404;
      reason: 'unauthenticated' | 'forbidden' | 'not-found' | 'step-up-required' | 'mfa-enrolment-required';
    };

export const STEP_UP_WINDOW_MS = 5 * 60_000;

/**
 * The decision for one actor, permission and target. A clinic the actor has no part in answers 404, so a
 * request cannot probe which clinics or records exist; a known clinic without the permission answers 403.
 */
export function decide(actor: Actor | null, permission: Permission, target: Target, now: Date): Decision {
  return decideGrant(actor, policy[permission], target, now);
}

/** The decision for one grant (a row of the policy). */
export function decideGrant(actor: Actor | null, grant: Grant, target: Target, now: Date): Decision {
  if (!actor) return { outcome: 'deny', status: 401, reason: 'unauthenticated' };
  const deny403 = { outcome: 'deny', status: 403, reason: 'forbidden' } as const;
  const deny404 = { outcome: 'deny', status: 404, reason: 'not-found' } as const;
  switch (actor.kind) {
    case 'staff': {
      if (!grant.staff) return deny403;
      if (actor.enrolmentOnly && !grant.duringEnrolment) {
        return { outcome: 'deny', status: 403, reason: 'mfa-enrolment-required' };
      }
      let held: boolean;
      if (target.clinicId !== undefined) {
        const here = actor.rolesByClinic[target.clinicId];
        if (!here || here.length === 0) return deny404;
        held = grant.staff === 'any' || here.some((r) => (grant.staff as readonly Role[]).includes(r));
      } else {
        const everywhere = Object.values(actor.rolesByClinic).flat();
        held = grant.staff === 'any' || everywhere.some((r) => (grant.staff as readonly Role[]).includes(r));
      }
      if (!held) return deny403;
      if (
        grant.stepUp &&
        !(actor.stepUpAt && now.getTime() - actor.stepUpAt.getTime() <= STEP_UP_WINDOW_MS)
      ) {
        return { outcome: 'deny', status: 403, reason: 'step-up-required' };
      }
      return { outcome: 'allow', clinicId: target.clinicId };
    }
    case 'patient': {
      if (!grant.patient) return deny403;
      if (target.clinicId !== undefined && target.clinicId !== actor.clinicId) return deny404;
      return { outcome: 'allow', clinicId: actor.clinicId };
    }
    case 'device': {
      if (!grant.device || !actor.scopes.includes(grant.device)) return deny403;
      if (target.clinicId !== undefined && target.clinicId !== actor.clinicId) return deny404;
      return { outcome: 'allow', clinicId: actor.clinicId };
    }
  }
}
