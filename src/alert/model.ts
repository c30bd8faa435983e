import { type Static, Type } from 'typebox';

/** API shapes for the alert work queue, shared by server and UI. */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });

/** What a clinician did about an alert. 'other' needs the note to say what. */
export const alertActions = {
  contacted_patient: 'Contacted the patient',
  safety_plan: 'Reviewed or made a safety plan with the patient',
  same_day_evaluation: 'Arranged a same-day clinical evaluation',
  emergency_services: 'Escalated to emergency services (911 / mobile crisis)',
  informed_prescriber: 'Handed to the prescriber',
  no_risk_found: 'Assessed: no current risk found',
  other: 'Other (described in the note)',
} as const;
export type AlertAction = keyof typeof alertActions;

export const AlertActionSchema = Type.Enum(Object.keys(alertActions) as AlertAction[]);

export const AlertParams = Type.Object({ clinicId: Uuid, alertId: Uuid }, { additionalProperties: false });

export const AlertQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('acknowledged'), Type.Literal('all')], {
        default: 'open',
      }),
    ),
    patientId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AlertQuery = Static<typeof AlertQuery>;

export const AcknowledgeBody = Type.Object(
  { action: AlertActionSchema, note: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type AcknowledgeBody = Static<typeof AcknowledgeBody>;

export const AlertView = Type.Object({
  id: Uuid,
  patientId: Type.Union([Uuid, Type.Null()]),
  /** Display name for the work queue (preferred or given name + family name). */
  patientName: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  severity: Type.Union([Type.Literal('critical'), Type.Literal('high'), Type.Literal('medium')]),
  title: Type.String(),
  detail: Type.String(),
  raisedAt: DateTime,
  acknowledgement: Type.Union([
    Type.Object({
      staffId: Uuid,
      staffName: Type.String(),
      action: AlertActionSchema,
      note: Type.String(),
      acknowledgedAt: DateTime,
    }),
    Type.Null(),
  ]),
});
export type AlertView = Static<typeof AlertView>;

export const AlertList = Type.Object({
  alerts: Type.Array(AlertView),
  /** Unacknowledged alerts of the clinic, whatever the filter: the banner on every staff screen. */
  openCount: Type.Integer(),
});
export type AlertList = Static<typeof AlertList>;
