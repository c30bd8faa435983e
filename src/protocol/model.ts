import { type Static, Type } from 'typebox';
import { DateTime, Nullable, PersonRef, Route, Uuid } from '../platform/http/types.js';
import { ProtocolDefinition } from './definition.js';

/** API shapes for treatment protocols and the dose calculation, shared by server and UI. */

/** Names a protocol across its versions, e.g. `iv-racemic-ketamine`. */
export const ProtocolKey = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' });

export const ClinicParams = Type.Object({ clinicId: Uuid }, { additionalProperties: false });
export const ProtocolParams = Type.Object(
  { clinicId: Uuid, protocolId: Uuid },
  { additionalProperties: false },
);
export const ProtocolKeyParams = Type.Object(
  { clinicId: Uuid, key: ProtocolKey },
  { additionalProperties: false },
);

export const ProtocolView = Type.Object({
  id: Uuid,
  key: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  route: Route,
  definition: ProtocolDefinition,
  /** false: retired, not offered for new courses. */
  active: Type.Boolean(),
  reason: Type.String(),
  /** null: published by the system (the shipped defaults). */
  publishedBy: Nullable(PersonRef),
  publishedAt: DateTime,
});
export type ProtocolView = Static<typeof ProtocolView>;

export const ProtocolList = Type.Object({ protocols: Type.Array(ProtocolView) });
export type ProtocolList = Static<typeof ProtocolList>;

/** Every version of one protocol, newest first. */
export const ProtocolHistory = Type.Object({ key: Type.String(), versions: Type.Array(ProtocolView) });
export type ProtocolHistory = Static<typeof ProtocolHistory>;

/** A new protocol (a new key) or the next version of one; `active: false` retires it. */
export const PublishProtocolBody = Type.Object(
  {
    key: ProtocolKey,
    name: Type.String({ minLength: 3, maxLength: 120 }),
    definition: ProtocolDefinition,
    active: Type.Boolean(),
    /** Why this version: shown in the history. */
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type PublishProtocolBody = Static<typeof PublishProtocolBody>;

export const DosePreviewBody = Type.Object(
  {
    stepIndex: Type.Integer({ minimum: 0, maximum: 9 }),
    weightGrams: Type.Optional(Nullable(Type.Integer({ minimum: 2000, maximum: 400_000 }))),
    heightMm: Type.Optional(Nullable(Type.Integer({ minimum: 300, maximum: 2500 }))),
    sexAtBirth: Type.Optional(Nullable(Type.Union([Type.Literal('female'), Type.Literal('male')]))),
    firstSession: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DosePreviewBody = Static<typeof DosePreviewBody>;

export const MeasuredDoseView = Type.Union([
  Type.Object({
    kind: Type.Literal('infusion'),
    rateMicrolitresPerHour: Type.Integer(),
    volumeMicrolitres: Type.Integer(),
    minutes: Type.Integer(),
  }),
  Type.Object({ kind: Type.Literal('injection'), volumeMicrolitres: Type.Integer() }),
  Type.Object({ kind: Type.Literal('devices'), devices: Type.Integer() }),
  Type.Object({ kind: Type.Literal('oral'), stepMcg: Type.Integer() }),
]);

/** The calculation with its working; `ok: false` says why no dose can be given (and the working up to there). */
export const DoseCalculationView = Type.Union([
  Type.Object({
    ok: Type.Literal(true),
    doseMcg: Type.Integer(),
    maxDoseMcg: Type.Integer(),
    dosingWeightGrams: Nullable(Type.Integer()),
    weightBasis: Nullable(Type.Union([Type.Literal('actual'), Type.Literal('adjusted')])),
    measured: MeasuredDoseView,
    working: Type.Array(Type.String()),
  }),
  Type.Object({ ok: Type.Literal(false), reason: Type.String(), working: Type.Array(Type.String()) }),
]);
export type DoseCalculationView = Static<typeof DoseCalculationView>;
