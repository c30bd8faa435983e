import { requestMeta, scopeOf } from '../identity/authorise.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  CourseList,
  CourseParams,
  CourseView,
  EndCourseBody,
  MisuseRiskView,
  PatientParams,
  PlanCourseBody,
  ReassessBody,
} from './model.js';
import { endCourse, misuseRisk, patientCourses, planCourse, reassessCourse } from './service.js';

const refused = { 404: Problem, 409: Problem, 422: Problem };
const base = '/clinics/:clinicId/patients/:patientId/courses';

export function courseRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;

  app.get(
    base,
    {
      config: { access: { permission: 'course.read' } },
      schema: {
        tags: ['course'],
        summary: 'A patient’s treatment courses with phase, dose step, induction progress and next booster',
        params: PatientParams,
        response: { 200: CourseList, 404: Problem },
      },
    },
    async (request) => patientCourses(db, scopeOf(request), request.params.patientId),
  );

  app.post(
    base,
    {
      config: { access: { permission: 'course.manage' } },
      schema: {
        tags: ['course'],
        summary:
          'Plan a course: an active protocol, an approved route, the diagnosis, the induction series, a goal',
        params: PatientParams,
        body: PlanCourseBody,
        response: { 201: CourseView, ...refused },
      },
    },
    async (request, reply) => {
      const course = await planCourse(
        database,
        clock,
        scopeOf(request),
        request.params.patientId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(course);
    },
  );

  app.post(
    `${base}/:courseId/reassessments`,
    {
      config: { access: { permission: 'course.manage' } },
      schema: {
        tags: ['course'],
        summary: 'Record the reassessment: continue into maintenance, extend induction, or stop',
        params: CourseParams,
        body: ReassessBody,
        response: { 201: CourseView, ...refused },
      },
    },
    async (request, reply) => {
      const { patientId, courseId } = request.params;
      const course = await reassessCourse(
        database,
        clock,
        scopeOf(request),
        patientId,
        courseId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(course);
    },
  );

  for (const [path, kind, summary] of [
    ['completion', 'completed', 'Complete the course (its goal or end point reached)'],
    ['discontinuation', 'discontinued', 'Discontinue the course, with the reason'],
  ] as const) {
    app.post(
      `${base}/:courseId/${path}`,
      {
        config: { access: { permission: 'course.manage' } },
        schema: {
          tags: ['course'],
          summary,
          params: CourseParams,
          body: EndCourseBody,
          response: { 201: CourseView, ...refused },
        },
      },
      async (request, reply) => {
        const { patientId, courseId } = request.params;
        const course = await endCourse(
          database,
          clock,
          scopeOf(request),
          patientId,
          courseId,
          kind,
          request.body,
          requestMeta(request),
        );
        return reply.code(201).send(course);
      },
    );
  }

  app.get(
    '/clinics/:clinicId/patients/:patientId/misuse-risk',
    {
      config: { access: { permission: 'course.read' } },
      schema: {
        tags: ['course'],
        summary:
          'Misuse-risk signals: dose escalations, shortening intervals, earlier sessions asked for, mg per month',
        params: PatientParams,
        response: { 200: MisuseRiskView, 404: Problem },
      },
    },
    async (request) => misuseRisk(db, scopeOf(request), request.params.patientId),
  );
}
