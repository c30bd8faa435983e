import { requestMeta, scopeOf } from '../identity/authorise.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { confirmEscort } from '../schedule/escort-service.js';
import {
  ClinicAppointmentParams,
  ClinicParams,
  ContactPreferencesBody,
  ContactPreferencesView,
  EscortBody,
  EscortView,
  PatientMessageList,
  PatientMessageQuery,
  PortalAppointmentList,
  PortalAppointmentParams,
} from './model.js';
import {
  listPatientMessages,
  portalAppointments,
  portalContactPreferences,
  saveContactPreferences,
} from './service.js';

const refused = { 404: Problem, 409: Problem, 422: Problem };

export function reminderRoutes(app: App, { database, clock, config }: AppDeps) {
  const { db } = database;

  app.get(
    '/clinics/:clinicId/patient-messages',
    {
      config: { access: { permission: 'messages.read' } },
      schema: {
        tags: ['reminders'],
        summary:
          'Messages to patients, newest first: what was (or, without a transport, would have been) sent',
        params: ClinicParams,
        querystring: PatientMessageQuery,
        response: { 200: PatientMessageList },
      },
    },
    async (request) =>
      listPatientMessages(db, scopeOf(request), request.query, config.patientMessages.publicUrl),
  );

  app.post(
    '/clinics/:clinicId/appointments/:appointmentId/escort',
    {
      config: { access: { permission: 'schedule.book' } },
      schema: {
        tags: ['reminders'],
        summary: 'Record an escort confirmation taken by phone (supersedes an earlier one)',
        params: ClinicAppointmentParams,
        body: EscortBody,
        response: { 201: EscortView, ...refused },
      },
    },
    async (request, reply) => {
      const escort = await confirmEscort(
        database,
        clock,
        scopeOf(request),
        request.params.appointmentId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(escort);
    },
  );

  app.get(
    '/portal/appointments',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'My upcoming and recent appointments, with how to prepare and my escort',
        response: { 200: PortalAppointmentList },
      },
    },
    async (request) => portalAppointments(db, clock, scopeOf(request)),
  );

  app.post(
    '/portal/appointments/:appointmentId/escort',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Name the adult who takes me home after this session and confirm the ride',
        params: PortalAppointmentParams,
        body: EscortBody,
        response: { 201: EscortView, ...refused },
      },
    },
    async (request, reply) => {
      const escort = await confirmEscort(
        database,
        clock,
        scopeOf(request),
        request.params.appointmentId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(escort);
    },
  );

  app.get(
    '/portal/contact-preferences',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'How I get reminders (email, text message)',
        response: { 200: ContactPreferencesView },
      },
    },
    async (request) => portalContactPreferences(db, scopeOf(request)),
  );

  app.put(
    '/portal/contact-preferences',
    {
      config: { access: { permission: 'portal.self' } },
      schema: {
        tags: ['portal'],
        summary: 'Choose how I get reminders',
        body: ContactPreferencesBody,
        response: { 200: ContactPreferencesView, 422: Problem },
      },
    },
    async (request) =>
      saveContactPreferences(database, clock, scopeOf(request), request.body, requestMeta(request)),
  );
}
