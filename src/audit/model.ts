import { type Static, Type } from 'typebox';

/** API shapes for the audit trail, shared by the server and the UI. */
export const AuditEntryView = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceType: Type.Union([Type.String(), Type.Null()]),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  patientId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntryView),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
export const AuditQuery = Type.Object(
  {
    patientId: Type.Optional(Type.String({ format: 'uuid' })),
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export const VerifyResult = Type.Object({
  ok: Type.Boolean(),
  sealed: Type.Optional(Type.Integer()),
  unsealed: Type.Optional(Type.Integer()),
  kind: Type.Optional(Type.String()),
  position: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  entryId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  detail: Type.Optional(Type.String()),
});

export type AuditEntryView = Static<typeof AuditEntryView>;
export type AuditPage = Static<typeof AuditPage>;
export type VerifyResult = Static<typeof VerifyResult>;
