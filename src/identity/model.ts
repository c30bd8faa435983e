import { type Static, Type } from 'typebox';
import { roles } from './actor.js';
import { deviceScopes, IDLE_TIMEOUT_RANGE } from './core.js';

/** API shapes for sign-in, sessions, staff and device tokens, shared by the server and the UI. */

const Email = Type.String({ format: 'email', maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const TotpCode = Type.String({ pattern: '^\\d{6}$', description: 'Six digits from the authenticator app' });

export const StaffLoginBody = Type.Object(
  {
    email: Email,
    password: Password,
    totp: Type.Optional(TotpCode),
    recoveryCode: Type.Optional(Type.String({ minLength: 8, maxLength: 32 })),
  },
  { additionalProperties: false },
);

export const PatientLoginBody = Type.Object(
  { email: Email, password: Password },
  { additionalProperties: false },
);

export const LoginResult = Type.Object({
  csrfToken: Type.String(),
  /** True when the role needs an authenticator that is not set up yet: enrolment is all the session can do. */
  enrolmentRequired: Type.Boolean(),
});

export const RoleName = Type.Enum(roles);

export const SessionView = Type.Object({
  kind: Type.Union([Type.Literal('staff'), Type.Literal('patient')]),
  name: Type.String(),
  email: Type.String(),
  csrfToken: Type.String(),
  clinics: Type.Array(
    Type.Object({ clinicId: Type.String(), clinicName: Type.String(), roles: Type.Array(RoleName) }),
  ),
  mfa: Type.Object({ enabled: Type.Boolean(), required: Type.Boolean(), enrolmentPending: Type.Boolean() }),
  stepUpValidUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  idleTimeoutMinutes: Type.Integer(),
});
export type SessionView = Static<typeof SessionView>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const TotpEnrolment = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });
export const TotpConfirmBody = Type.Object({ code: TotpCode }, { additionalProperties: false });
export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });

export const StepUpBody = Type.Object(
  { password: Password, totp: TotpCode },
  { additionalProperties: false },
);
export const StepUpResult = Type.Object({ validUntil: Type.String({ format: 'date-time' }) });

export const Ok = Type.Object({ ok: Type.Literal(true) });

export const LicenceView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('state_licence'), Type.Literal('dea_registration')]),
  licenceType: Type.String(),
  number: Type.String(),
  state: Type.String(),
  schedules: Type.Array(Type.String()),
  expiresOn: Type.String({ format: 'date' }),
  warning: Type.Union([
    Type.Literal('expired'),
    Type.Literal('within-7-days'),
    Type.Literal('within-30-days'),
    Type.Literal('within-60-days'),
    Type.Null(),
  ]),
});

export const StaffView = Type.Object({
  id: Type.String(),
  fullName: Type.String(),
  email: Type.String(),
  roles: Type.Array(RoleName),
  mfaEnabled: Type.Boolean(),
  locked: Type.Boolean(),
  deactivated: Type.Boolean(),
  licences: Type.Array(LicenceView),
});
export type StaffView = Static<typeof StaffView>;

export const StaffList = Type.Object({ staff: Type.Array(StaffView) });

export const NewStaffBody = Type.Object(
  {
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    roles: Type.Array(RoleName, { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export const NewStaffResult = Type.Object({
  staff: StaffView,
  /** Shown once to the person who created the account, to hand over; the new member changes it at first sign-in. */
  initialPassword: Type.String(),
});

export const RolesBody = Type.Object(
  { roles: Type.Array(RoleName, { uniqueItems: true }) },
  { additionalProperties: false },
);

export const NewLicenceBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('state_licence'), Type.Literal('dea_registration')]),
    licenceType: Type.Union(
      [
        'physician',
        'nurse_practitioner',
        'physician_assistant',
        'registered_nurse',
        'crna',
        'lpn',
        'other',
      ].map((t) => Type.Literal(t)),
    ),
    number: Type.String({ minLength: 2, maxLength: 40 }),
    state: Type.String({ pattern: '^[A-Z]{2}$' }),
    schedules: Type.Optional(
      Type.Array(Type.Union(['2', '2N', '3', '3N', '4', '5'].map((s) => Type.Literal(s))), {
        uniqueItems: true,
      }),
    ),
    expiresOn: Type.String({ format: 'date' }),
  },
  { additionalProperties: false },
);

export const StaffParams = Type.Object(
  { clinicId: Type.String({ format: 'uuid' }), staffId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const DeviceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  tokenPrefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const DeviceList = Type.Object({ devices: Type.Array(DeviceView) });
export const NewDeviceBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Type.Enum(deviceScopes), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export const NewDeviceResult = Type.Object({
  device: DeviceView,
  /** The credential, shown this once: store it in the device. */
  token: Type.String(),
});
export const DeviceParams = Type.Object(
  { clinicId: Type.String({ format: 'uuid' }), deviceId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const ClinicSecurity = Type.Object(
  {
    idleTimeoutMinutes: Type.Integer({
      ...IDLE_TIMEOUT_RANGE,
      description: 'Minutes without activity before a session ends (applies to sessions started afterwards)',
    }),
    mfaRequiredForAll: Type.Boolean({
      description: 'Everyone needs an authenticator app, not only owners, prescribers and compliance',
    }),
  },
  { additionalProperties: false },
);
export type ClinicSecurity = Static<typeof ClinicSecurity>;
