import { scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import { SettingsChangeBody, SettingsHistory, SettingsView } from './model.js';
import { settingsGroups } from './registry.js';
import { changeSettings, settingsHistory, settingsView } from './service.js';

/** One view, history and change route per registered group, each change validated by the group's own schema. */
export function settingsRoutes(app: App, { database, clock }: AppDeps) {
  for (const group of settingsGroups) {
    const path = `/clinics/:clinicId/settings/${group.key}`;
    app.get(
      path,
      {
        config: { access: { permission: 'settings.read' } },
        schema: {
          tags: ['settings'],
          summary: `${group.title}: the thresholds in force, their defaults and sources`,
          params: ClinicParams,
          response: { 200: SettingsView },
        },
      },
      async (request) => settingsView(database.db, scopeOf(request).clinicId!, group),
    );

    app.get(
      `${path}/history`,
      {
        config: { access: { permission: 'settings.read' } },
        schema: {
          tags: ['settings'],
          summary: `${group.title}: every version, newest first, back to the defaults`,
          params: ClinicParams,
          response: { 200: SettingsHistory },
        },
      },
      async (request) => settingsHistory(database.db, scopeOf(request).clinicId!, group),
    );

    app.put(
      path,
      {
        config: { access: { permission: 'settings.manage' } },
        schema: {
          tags: ['settings'],
          summary: `${group.title}: change them (a new version, with the reason; needs a fresh step-up)`,
          params: ClinicParams,
          body: SettingsChangeBody(group.schema),
          response: { 200: SettingsView, 403: Problem, 409: Problem, 422: Problem },
        },
      },
      async (request) =>
        changeSettings(
          database,
          clock,
          scopeOf(request),
          group,
          request.body as SettingsChangeBody<Record<string, unknown>>,
          { requestId: request.id, clientAddress: request.ip },
        ),
    );
  }
}
