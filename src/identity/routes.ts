import type { FastifyRequest } from 'fastify';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem, ProblemError } from '../platform/http/problem.js';
import type { PatientActor, Role, StaffActor } from './actor.js';
import { clearSessionCookie, sessionCookie } from './authenticate.js';
import { requestMeta, scopeOf } from './authorise.js';
import { SESSION_ABSOLUTE_MS } from './core.js';
import { issueDeviceToken, listDeviceTokens, revokeDeviceToken } from './device-service.js';
import {
  ChangePasswordBody,
  ClinicSecurity,
  DeviceList,
  DeviceParams,
  DeviceView,
  LoginResult,
  NewDeviceBody,
  NewDeviceResult,
  NewLicenceBody,
  NewStaffBody,
  NewStaffResult,
  Ok,
  PatientLoginBody,
  RecoveryCodes,
  RolesBody,
  SessionView,
  StaffList,
  StaffLoginBody,
  StaffParams,
  StaffView,
  StepUpBody,
  StepUpResult,
  TotpConfirmBody,
  TotpEnrolment,
} from './model.js';
import { clinicSecurityOf, setClinicSecurity } from './security-service.js';
import {
  changePassword,
  confirmTotpEnrolment,
  logout,
  logoutEverywhere,
  patientLogin,
  sessionView,
  staffLogin,
  startTotpEnrolment,
  stepUp,
} from './service.js';
import { addLicence, createStaff, listStaff, setRoles } from './staff-service.js';

function person(request: FastifyRequest): StaffActor | PatientActor {
  const { actor } = scopeOf(request);
  if (actor.kind === 'device') throw new ProblemError('forbidden', 'Devices have no sign-in session');
  return actor;
}

/** Routes whose permission only staff hold (the policy has already refused anyone else). */
function staffActor(request: FastifyRequest): StaffActor {
  const { actor } = scopeOf(request);
  if (actor.kind !== 'staff') throw new Error('staff-only permission reached by a non-staff actor');
  return actor;
}

const errors = { 401: Problem, 403: Problem, 422: Problem, 423: Problem };

export function identityRoutes(app: App, { database, clock, config }: AppDeps) {
  /** Sign-in is rate-limited per client address on top of the per-account lockout. */
  const loginRateLimit = { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' };
  const cookieFor = (token: string) => sessionCookie(config, token, SESSION_ABSOLUTE_MS / 1000);

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit },
      schema: {
        tags: ['sign-in'],
        summary: 'Staff sign-in with password and, where the role needs it, an authenticator code',
        body: StaffLoginBody,
        response: { 200: LoginResult, ...errors },
      },
    },
    async (request, reply) => {
      const session = await staffLogin(database, clock, request.body, requestMeta(request));
      reply.header('set-cookie', cookieFor(session.token));
      return { csrfToken: session.csrfToken, enrolmentRequired: session.enrolmentOnly };
    },
  );

  app.post(
    '/portal/auth/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit },
      schema: {
        tags: ['sign-in'],
        summary: 'Patient portal sign-in',
        body: PatientLoginBody,
        response: { 200: LoginResult, ...errors },
      },
    },
    async (request, reply) => {
      const session = await patientLogin(database, clock, request.body, requestMeta(request));
      reply.header('set-cookie', cookieFor(session.token));
      return { csrfToken: session.csrfToken, enrolmentRequired: false };
    },
  );

  app.get(
    '/auth/session',
    {
      config: { access: { permission: 'session.self' } },
      schema: {
        tags: ['sign-in'],
        summary: 'Who is signed in, where, and with which roles',
        response: { 200: SessionView },
      },
    },
    async (request) => sessionView(database.db, clock, person(request), request.sessionCsrf ?? ''),
  );

  // Signing out here, or on every device: either way this browser's cookie is cleared.
  for (const [path, summary, end] of [
    ['/auth/logout', 'Sign out of this session', logout],
    ['/auth/logout-everywhere', 'Sign out of every session on every device', logoutEverywhere],
  ] as const) {
    app.post(
      path,
      {
        config: { access: { permission: 'session.self' } },
        schema: { tags: ['sign-in'], summary, response: { 200: Ok } },
      },
      async (request, reply) => {
        await end(database, clock, person(request), requestMeta(request));
        reply.header('set-cookie', clearSessionCookie(config));
        return { ok: true as const };
      },
    );
  }

  app.post(
    '/auth/password',
    {
      config: { access: { permission: 'session.self' } },
      schema: {
        tags: ['sign-in'],
        summary: 'Change one’s password (ends every other session)',
        body: ChangePasswordBody,
        response: { 200: Ok, 422: Problem },
      },
    },
    async (request) => {
      await changePassword(database, clock, person(request), request.body, requestMeta(request));
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/mfa/totp',
    {
      config: { access: { permission: 'mfa.self' } },
      schema: {
        tags: ['sign-in'],
        summary: 'Start authenticator set-up: a new secret and its otpauth:// URI (shown once)',
        response: { 200: TotpEnrolment },
      },
    },
    async (request) => startTotpEnrolment(database, staffActor(request)),
  );

  app.post(
    '/auth/mfa/totp/confirm',
    {
      config: { access: { permission: 'mfa.self' } },
      schema: {
        tags: ['sign-in'],
        summary: 'Confirm the authenticator with a code; returns one-time recovery codes (shown once)',
        body: TotpConfirmBody,
        response: { 200: RecoveryCodes, 422: Problem },
      },
    },
    async (request) =>
      confirmTotpEnrolment(database, clock, staffActor(request), request.body.code, requestMeta(request)),
  );

  app.post(
    '/auth/step-up',
    {
      config: { access: { permission: 'mfa.self' }, rateLimit: loginRateLimit },
      schema: {
        tags: ['sign-in'],
        summary: 'Re-authenticate (password + code) before an act with legal weight; valid 5 minutes',
        body: StepUpBody,
        response: { 200: StepUpResult, ...errors },
      },
    },
    async (request) => {
      const { validUntil } = await stepUp(
        database,
        clock,
        staffActor(request),
        request.body,
        requestMeta(request),
      );
      return { validUntil: validUntil.toISOString() };
    },
  );

  app.get(
    '/clinics/:clinicId/staff',
    {
      config: { access: { permission: 'staff.read' } },
      schema: {
        tags: ['staff'],
        summary: 'Staff of the clinic with roles, MFA state and licence expiry warnings',
        params: ClinicParams,
        response: { 200: StaffList },
      },
    },
    async (request) => ({ staff: await listStaff(database.db, request.params.clinicId, clock.now()) }),
  );

  app.post(
    '/clinics/:clinicId/staff',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Add a staff member with roles; returns a first password to hand over (shown once)',
        params: ClinicParams,
        body: NewStaffBody,
        response: { 200: NewStaffResult, 409: Problem, 422: Problem },
      },
    },
    async (request) =>
      createStaff(
        database,
        clock,
        staffActor(request),
        request.params.clinicId,
        { ...request.body, roles: request.body.roles as Role[] },
        requestMeta(request),
      ),
  );

  app.put(
    '/clinics/:clinicId/staff/:staffId/roles',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Replace a staff member’s roles at this clinic',
        params: StaffParams,
        body: RolesBody,
        response: { 200: StaffView, 404: Problem, 409: Problem },
      },
    },
    async (request) =>
      setRoles(
        database,
        clock,
        staffActor(request),
        request.params.clinicId,
        request.params.staffId,
        request.body.roles as Role[],
        requestMeta(request),
      ),
  );

  app.post(
    '/clinics/:clinicId/staff/:staffId/licences',
    {
      config: { access: { permission: 'staff.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Record a state licence or DEA registration',
        params: StaffParams,
        body: NewLicenceBody,
        response: { 200: StaffView, 404: Problem, 422: Problem },
      },
    },
    async (request) =>
      addLicence(
        database,
        clock,
        staffActor(request),
        request.params.clinicId,
        request.params.staffId,
        request.body,
        requestMeta(request),
      ),
  );

  app.get(
    '/clinics/:clinicId/security',
    {
      config: { access: { permission: 'staff.read' } },
      schema: {
        tags: ['staff'],
        summary: 'The clinic’s sign-in rules: idle timeout and who needs an authenticator',
        params: ClinicParams,
        response: { 200: ClinicSecurity },
      },
    },
    async (request) => clinicSecurityOf(database.db, request.params.clinicId),
  );

  app.put(
    '/clinics/:clinicId/security',
    {
      config: { access: { permission: 'clinic.manage' } },
      schema: {
        tags: ['staff'],
        summary: 'Change the clinic’s sign-in rules (new sessions get them)',
        params: ClinicParams,
        body: ClinicSecurity,
        response: { 200: ClinicSecurity, 422: Problem },
      },
    },
    async (request) =>
      setClinicSecurity(
        database,
        clock,
        staffActor(request),
        request.params.clinicId,
        request.body,
        requestMeta(request),
      ),
  );

  app.get(
    '/clinics/:clinicId/devices',
    {
      config: { access: { permission: 'device.manage' } },
      schema: {
        tags: ['devices'],
        summary: 'Device tokens of the clinic',
        params: ClinicParams,
        response: { 200: DeviceList },
      },
    },
    async (request) => ({ devices: await listDeviceTokens(database.db, request.params.clinicId) }),
  );

  app.post(
    '/clinics/:clinicId/devices',
    {
      config: { access: { permission: 'device.manage' } },
      schema: {
        tags: ['devices'],
        summary: 'Issue a scoped device token (the token is shown once)',
        params: ClinicParams,
        body: NewDeviceBody,
        response: { 200: NewDeviceResult },
      },
    },
    async (request) =>
      issueDeviceToken(
        database,
        clock,
        staffActor(request),
        request.params.clinicId,
        request.body,
        requestMeta(request),
      ),
  );

  app.post(
    '/clinics/:clinicId/devices/:deviceId/revoke',
    {
      config: { access: { permission: 'device.manage' } },
      schema: {
        tags: ['devices'],
        summary: 'Revoke a device token',
        params: DeviceParams,
        response: { 200: DeviceView, 404: Problem },
      },
    },
    async (request) =>
      revokeDeviceToken(
        database,
        clock,
        staffActor(request),
        request.params.clinicId,
        request.params.deviceId,
        requestMeta(request),
      ),
  );
}
