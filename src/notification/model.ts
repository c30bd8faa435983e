import { type Static, Type } from 'typebox';

/** API shapes for the clinic's notification channel and its outbox, shared by server and UI. */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });

const channelFields = {
  configured: Type.Boolean(),
  kind: Type.Union([Type.Literal('webhook'), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([DateTime, Type.Null()]),
};

/** Where notices go. The signing secret is never shown again after it is made. */
export const ChannelView = Type.Object(channelFields);
export type ChannelView = Static<typeof ChannelView>;

export const ChannelBody = Type.Object(
  { url: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type ChannelBody = Static<typeof ChannelBody>;

/** The answer to setting the channel: a new signing secret each time, shown this once. */
export const ChannelSaved = Type.Object({
  ...channelFields,
  /** HMAC-SHA256 key: the receiver checks `X-Ketacare-Signature: sha256=<hex of HMAC(body)>`. */
  signingSecret: Type.String(),
});
export type ChannelSaved = Static<typeof ChannelSaved>;

export const TestNoticeQueued = Type.Object({ messageId: Uuid });

export const NotificationStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('delivered'),
  Type.Literal('failed'),
  Type.Literal('no_channel'),
]);
export type NotificationStatus = Static<typeof NotificationStatus>;

export const NotificationQuery = Type.Object(
  {
    status: Type.Optional(NotificationStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type NotificationQuery = Static<typeof NotificationQuery>;

export const NotificationView = Type.Object({
  id: Uuid,
  /** e.g. 'alert.raised', 'alert.acknowledged', 'notification.test' */
  topic: Type.String(),
  status: NotificationStatus,
  attempts: Type.Integer(),
  createdAt: DateTime,
  nextAttemptAt: DateTime,
  deliveredAt: Type.Union([DateTime, Type.Null()]),
  /** e.g. "HTTP 500", "timed out": why the last try failed. */
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type NotificationView = Static<typeof NotificationView>;

export const NotificationList = Type.Object({ messages: Type.Array(NotificationView) });
export type NotificationList = Static<typeof NotificationList>;
