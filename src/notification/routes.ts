import { scopeOf } from '../identity/authorise.js';
import { ClinicParams } from '../organisation/model.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  ChannelBody,
  ChannelSaved,
  ChannelView,
  NotificationList,
  NotificationQuery,
  TestNoticeQueued,
} from './model.js';
import { channelView, listNotifications, queueTestNotice, saveChannel } from './service.js';

export function notificationRoutes(app: App, { database, clock }: AppDeps) {
  const access = { access: { permission: 'notification.manage' } };

  app.get(
    '/clinics/:clinicId/notification-channel',
    {
      config: access,
      schema: {
        tags: ['notifications'],
        summary: 'Where the clinic’s notices are sent (the signing secret is never shown again)',
        params: ClinicParams,
        response: { 200: ChannelView },
      },
    },
    async (request) => channelView(database.db, scopeOf(request)),
  );

  app.put(
    '/clinics/:clinicId/notification-channel',
    {
      config: access,
      schema: {
        tags: ['notifications'],
        summary: 'Send the clinic’s notices to this webhook; answers with a new signing secret, shown once',
        params: ClinicParams,
        body: ChannelBody,
        response: { 200: ChannelSaved, 422: Problem },
      },
    },
    async (request) =>
      saveChannel(database, clock, scopeOf(request), request.body.url, {
        requestId: request.id,
        clientAddress: request.ip,
      }),
  );

  app.post(
    '/clinics/:clinicId/notification-channel/test',
    {
      config: access,
      schema: {
        tags: ['notifications'],
        summary: 'Queue a test notice to the clinic’s channel',
        params: ClinicParams,
        response: { 202: TestNoticeQueued, 409: Problem },
      },
    },
    async (request, reply) => {
      const queued = await queueTestNotice(database, clock, scopeOf(request), {
        requestId: request.id,
        clientAddress: request.ip,
      });
      return reply.code(202).send(queued);
    },
  );

  app.get(
    '/clinics/:clinicId/notifications',
    {
      config: access,
      schema: {
        tags: ['notifications'],
        summary: 'Recent notices and how their delivery went',
        params: ClinicParams,
        querystring: NotificationQuery,
        response: { 200: NotificationList },
      },
    },
    async (request) => listNotifications(database.db, scopeOf(request), request.query),
  );
}
