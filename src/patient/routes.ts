import { scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { Patient, PatientList, PatientParams, PatientSearch } from './model.js';
import { getPatient, searchPatients } from './service.js';

export function patientRoutes(app: App, { database }: AppDeps) {
  app.get(
    '/clinics/:clinicId/patients',
    {
      config: { access: { permission: 'patient.read' } },
      schema: {
        tags: ['patients'],
        summary: 'Find patients of the clinic by name',
        params: ClinicParams,
        querystring: PatientSearch,
        response: { 200: PatientList },
      },
    },
    async (request) => ({ patients: await searchPatients(database.db, scopeOf(request), request.query) }),
  );

  app.get(
    '/clinics/:clinicId/patients/:patientId',
    {
      config: { access: { permission: 'patient.read' } },
      schema: {
        tags: ['patients'],
        summary: 'One patient of the clinic',
        params: PatientParams,
        response: { 200: Patient, 404: Problem },
      },
    },
    async (request) => getPatient(database.db, scopeOf(request), request.params.patientId),
  );

  app.get(
    '/portal/me',
    {
      config: { access: { permission: 'portal.self' } },
      schema: { tags: ['portal'], summary: 'The signed-in patient’s own record', response: { 200: Patient } },
    },
    async (request) => {
      const scope = scopeOf(request);
      return getPatient(database.db, scope, scope.patientId!);
    },
  );
}
