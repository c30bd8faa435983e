import { Type } from 'typebox';
import { scopeOf } from '../identity/authorise.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { Clinic, ClinicList, ClinicParams } from './model.js';
import { getClinic, listClinics } from './service.js';

/** What anyone may see about a clinic before signing in (the portal's sign-in page names the clinic). */
const PublicClinic = Type.Pick(Clinic, ['id', 'name', 'city', 'state', 'phone', 'timeZone']);

export function organisationRoutes(app: App, { database }: AppDeps) {
  app.get(
    '/public/clinics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['clinics'],
        summary: 'Clinic names and contact numbers, for the sign-in pages',
        response: { 200: Type.Object({ clinics: Type.Array(PublicClinic) }) },
      },
    },
    async () => ({ clinics: await listClinics(database.db) }),
  );

  app.get(
    '/clinics',
    {
      config: { access: { permission: 'clinic.read' } },
      schema: { tags: ['clinics'], summary: 'Clinics of the organisation', response: { 200: ClinicList } },
    },
    async (request) => {
      const { actor } = scopeOf(request);
      const mine = actor.kind === 'staff' ? new Set(Object.keys(actor.rolesByClinic)) : new Set<string>();
      const clinics = await listClinics(
        database.db,
        actor.kind === 'staff' ? actor.organisationId : undefined,
      );
      return { clinics: clinics.filter((c) => mine.has(c.id)) };
    },
  );

  app.get(
    '/clinics/:clinicId',
    {
      config: { access: { permission: 'clinic.read' } },
      schema: {
        tags: ['clinics'],
        summary: 'One clinic',
        params: ClinicParams,
        response: { 200: Clinic, 404: Problem },
      },
    },
    async (request) => getClinic(database.db, request.params.clinicId),
  );
}
