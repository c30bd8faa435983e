import { type Static, Type } from 'typebox';
import { DateTime, Nullable, Route, Uuid } from '../platform/http/types.js';
import { channels, messageKinds, messageStatuses } from './core.js';

const closed = { additionalProperties: false } as const;

export const MessageStatus = Type.Enum(messageStatuses);
export type MessageStatus = Static<typeof MessageStatus>;

export const ClinicParams = Type.Object({ clinicId: Uuid });
export const ClinicAppointmentParams = Type.Object({ clinicId: Uuid, appointmentId: Uuid });
export const PortalAppointmentParams = Type.Object({ appointmentId: Uuid });

/** GET /clinics/:clinicId/patient-messages: the development mailbox and message log. */
export const PatientMessageQuery = Type.Object(
  {
    status: Type.Optional(MessageStatus),
    patientId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);
export type PatientMessageQuery = Static<typeof PatientMessageQuery>;

export const PatientMessageView = Type.Object({
  id: Uuid,
  patientId: Uuid,
  appointmentId: Nullable(Uuid),
  kind: Type.Enum(messageKinds),
  channel: Type.Enum(channels),
  recipient: Type.String(),
  subject: Type.String(),
  /** Exactly what goes (or would go) out, the portal link filled in. */
  body: Type.String(),
  status: MessageStatus,
  attempts: Type.Integer(),
  sendAfter: DateTime,
  deliveredAt: Nullable(DateTime),
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
});
export type PatientMessageView = Static<typeof PatientMessageView>;
export const PatientMessageList = Type.Object({ messages: Type.Array(PatientMessageView) });
export type PatientMessageList = Static<typeof PatientMessageList>;

/** POST …/escort: the adult who takes the patient home, and that they confirmed the ride. */
export const EscortBody = Type.Object(
  {
    escortName: Type.String({ minLength: 1, maxLength: 200 }),
    escortPhone: Type.String({ minLength: 7, maxLength: 30 }),
    relationship: Type.Optional(Type.String({ maxLength: 100 })),
    /** Must be true: the patient confirms the escort will take them home. */
    rideConfirmed: Type.Boolean(),
  },
  closed,
);
export type EscortBody = Static<typeof EscortBody>;

export const EscortView = Type.Object({
  id: Uuid,
  appointmentId: Uuid,
  escortName: Type.String(),
  escortPhone: Type.String(),
  relationship: Nullable(Type.String()),
  rideConfirmed: Type.Boolean(),
  confirmedVia: Type.Union([Type.Literal('portal'), Type.Literal('staff')]),
  confirmedAt: DateTime,
});
export type EscortView = Static<typeof EscortView>;

/** One of the signed-in patient's appointments, in their words: never the chair. */
export const PortalAppointment = Type.Object({
  id: Uuid,
  startsAt: DateTime,
  endsAt: DateTime,
  /** "Tue 3 Mar, 9:00 AM" in the clinic's time zone. */
  when: Type.String(),
  /** "until 11:30 AM" */
  until: Type.String(),
  route: Route,
  /** "esketamine nasal spray session" */
  sessionName: Type.String(),
  status: Type.Union([
    Type.Literal('booked'),
    Type.Literal('attended'),
    Type.Literal('cancelled'),
    Type.Literal('no_show'),
    Type.Literal('rescheduled'),
  ]),
  clinicName: Type.String(),
  clinicPhone: Type.String(),
  /** How to prepare, line by line: fasting, the protocol's note, what to bring, escort, no driving. */
  preparation: Type.Array(Type.String()),
  escort: Nullable(EscortView),
  /** The escort confirmation is asked for now (its window opened and none is recorded). */
  escortDue: Type.Boolean(),
  calendarUrl: Type.String(),
});
export type PortalAppointment = Static<typeof PortalAppointment>;
export const PortalAppointmentList = Type.Object({
  upcoming: Type.Array(PortalAppointment),
  recent: Type.Array(PortalAppointment),
});
export type PortalAppointmentList = Static<typeof PortalAppointmentList>;

/** PUT /portal/contact-preferences */
export const ContactPreferencesBody = Type.Object({ email: Type.Boolean(), sms: Type.Boolean() }, closed);
export type ContactPreferencesBody = Static<typeof ContactPreferencesBody>;
export const ContactPreferencesView = Type.Object({
  email: Type.Boolean(),
  sms: Type.Boolean(),
  /** Where each channel goes, from the registration details (null: the clinic has none). */
  emailAddress: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  /** False until the patient chose: email is the default. */
  chosen: Type.Boolean(),
  updatedAt: Nullable(DateTime),
});
export type ContactPreferencesView = Static<typeof ContactPreferencesView>;
