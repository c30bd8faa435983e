import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { randomToken, sha256 } from '../identity/crypto.js';
import { actorOf, clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { clinic } from '../organisation/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { conflict, notFound } from '../platform/http/problem.js';
import { routeLabel } from './core.js';
import { type CalendarEvent, calendarDocument } from './ical.js';
import type { AppointmentView, FeedList, FeedView, NewFeed } from './model.js';
import { appointment, calendarFeed, staffShift } from './schema.js';
import { liveAppointmentsBetween } from './service.js';

/**
 * Private iCalendar feeds. A staff member's feed has their shifts and the sessions in chairs while they are on
 * shift, without patient names ("IV session · Chair 2"). A patient's feed shows only what they chose: with
 * details "Ketamine session at <clinic>" and the address, without them just "Appointment" and the time. The
 * address is a random token shown once; only its SHA-256 is stored, and revoking it stops the feed at once.
 */

const DAY = 86_400_000;
/** A feed covers the last 30 days and the next 180. */
const feedWindow = (now: Date) => ({
  start: new Date(now.getTime() - 30 * DAY),
  end: new Date(now.getTime() + 180 * DAY),
});

export const feedPath = (token: string) => `/api/calendar/${token}.ics`;

type FeedRow = typeof calendarFeed.$inferSelect;
const toFeedView = (row: FeedRow): FeedView => ({
  id: row.id,
  showDetails: row.showDetails,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** Whose feeds a request manages: the signed-in staff member's or the portal patient's own. */
function feedOwner(scope: Scope) {
  const clinicId = clinicOf(scope);
  const { actor } = scope;
  if (actor.kind === 'staff') return { clinicId, staffId: actor.staffId, patientId: null };
  if (actor.kind === 'patient') return { clinicId, staffId: null, patientId: actor.patientId };
  throw new Error('calendar feeds belong to a staff member or a patient');
}

const ownedBy = (owner: ReturnType<typeof feedOwner>) =>
  and(
    eq(calendarFeed.clinicId, owner.clinicId),
    owner.staffId ? eq(calendarFeed.staffId, owner.staffId) : eq(calendarFeed.patientId, owner.patientId!),
  );

export async function listFeeds(db: Queryable, scope: Scope): Promise<FeedList> {
  const rows = await db
    .select()
    .from(calendarFeed)
    .where(ownedBy(feedOwner(scope)))
    .orderBy(desc(calendarFeed.createdAt));
  return { feeds: rows.map(toFeedView) };
}

export async function createFeed(
  database: Database,
  clock: Clock,
  scope: Scope,
  showDetails: boolean,
  meta: RequestMeta,
): Promise<NewFeed> {
  const owner = feedOwner(scope);
  const token = randomToken();
  return database.transaction(async (tx) => {
    const [row] = await tx
      .insert(calendarFeed)
      .values({ ...owner, tokenHash: sha256(token), showDetails, createdAt: clock.now() })
      .returning();
    await recordAudit(tx, clock, {
      ...actorOf(scope).audit,
      clinicId: owner.clinicId,
      action: 'schedule.calendar_feed_created',
      resourceType: 'calendar_feed',
      resourceId: row!.id,
      patientId: owner.patientId,
      outcome: 'success',
      ...meta,
      detail: { showDetails },
    });
    return { feed: toFeedView(row!), path: feedPath(token) };
  });
}

export async function revokeFeed(
  database: Database,
  clock: Clock,
  scope: Scope,
  feedId: string,
  meta: RequestMeta,
): Promise<FeedView> {
  const owner = feedOwner(scope);
  return database.transaction(async (tx) => {
    const mine = and(ownedBy(owner), eq(calendarFeed.id, feedId));
    const [row] = await tx
      .update(calendarFeed)
      .set({ revokedAt: clock.now() })
      .where(and(mine, isNull(calendarFeed.revokedAt)))
      .returning();
    if (!row) {
      const [exists] = await tx.select({ id: calendarFeed.id }).from(calendarFeed).where(mine);
      throw exists ? conflict('This calendar feed is already revoked') : notFound('The calendar feed');
    }
    await recordAudit(tx, clock, {
      ...actorOf(scope).audit,
      clinicId: owner.clinicId,
      action: 'schedule.calendar_feed_revoked',
      resourceType: 'calendar_feed',
      resourceId: row.id,
      patientId: owner.patientId,
      outcome: 'success',
      ...meta,
    });
    return toFeedView(row);
  });
}

const drugWord = (a: AppointmentView) => (a.drug === 'esketamine' ? 'Esketamine' : 'Ketamine');
const clinicAddress = (c: typeof clinic.$inferSelect) =>
  [c.addressLine1, c.addressLine2, `${c.city}, ${c.state} ${c.postalCode}`].filter(Boolean).join(', ');

/** A patient's appointment as they chose to see it in their calendar. */
function patientEvent(
  a: AppointmentView,
  place: typeof clinic.$inferSelect,
  showDetails: boolean,
): CalendarEvent {
  const times = { uid: `${a.id}@ketacare`, start: new Date(a.startsAt), end: new Date(a.endsAt) };
  if (!showDetails) return { ...times, summary: 'Appointment' };
  return {
    ...times,
    summary: `${drugWord(a)} session at ${place.name}`,
    location: clinicAddress(place),
    description: 'Plan for an escort to take you home; no driving until the next day.',
  };
}

const roleWord = { nurse: 'Nurse', prescriber: 'Prescriber' } as Record<string, string>;

/** The feed a token opens, as an iCalendar document; 404 when the token is wrong or revoked. */
export async function feedDocument(db: Queryable, clock: Clock, token: string): Promise<string> {
  const [feed] = await db
    .select({ feed: calendarFeed, clinic })
    .from(calendarFeed)
    .innerJoin(clinic, eq(clinic.id, calendarFeed.clinicId))
    .where(and(eq(calendarFeed.tokenHash, sha256(token)), isNull(calendarFeed.revokedAt)));
  if (!feed) throw notFound('The calendar feed');
  const now = clock.now();
  const window = feedWindow(now);
  const { timeZone } = feed.clinic;
  const inWindow = and(lt(appointment.startsAt, window.end), gt(appointment.endsAt, window.start));
  let events: CalendarEvent[];
  let name: string;
  if (feed.feed.patientId) {
    const appointments = await liveAppointmentsBetween(
      db,
      feed.clinic.id,
      and(eq(appointment.patientId, feed.feed.patientId), inWindow)!,
      timeZone,
    );
    events = appointments.map((a) => patientEvent(a, feed.clinic, feed.feed.showDetails));
    name = feed.feed.showDetails ? `${feed.clinic.name} appointments` : 'Appointments';
  } else {
    const shifts = await db
      .select()
      .from(staffShift)
      .where(
        and(
          eq(staffShift.clinicId, feed.clinic.id),
          eq(staffShift.staffId, feed.feed.staffId!),
          isNull(staffShift.cancelledAt),
          lt(staffShift.startsAt, window.end),
          gt(staffShift.endsAt, window.start),
        ),
      );
    const during =
      shifts.length === 0
        ? []
        : await liveAppointmentsBetween(
            db,
            feed.clinic.id,
            or(
              ...shifts.map((s) =>
                and(lt(appointment.startsAt, s.endsAt), gt(appointment.endsAt, s.startsAt)),
              ),
            )!,
            timeZone,
          );
    events = [
      ...shifts.map((s) => ({
        uid: `${s.id}@ketacare`,
        start: s.startsAt,
        end: s.endsAt,
        summary: `${roleWord[s.role] ?? s.role} shift · ${feed.clinic.name}`,
      })),
      // Sessions without patient names: a staff calendar lives on personal phones.
      ...during.map((a) => ({
        uid: `${a.id}@ketacare`,
        start: new Date(a.startsAt),
        end: new Date(a.endsAt),
        summary: `${routeLabel[a.route].replace(/^./, (c) => c.toUpperCase())} session · ${a.chair.name}`,
      })),
    ];
    name = `${feed.clinic.name} rota`;
  }
  return calendarDocument({ name, timeZone, window, events, stamp: now });
}

/** One of the portal patient's own appointments as an .ics file (details only when they ask for them). */
export async function portalAppointmentDocument(
  db: Queryable,
  clock: Clock,
  scope: Scope,
  appointmentId: string,
  showDetails: boolean,
): Promise<string> {
  const owner = feedOwner(scope);
  const [place] = await db.select().from(clinic).where(eq(clinic.id, owner.clinicId));
  const [found] = await liveAppointmentsBetween(
    db,
    owner.clinicId,
    and(eq(appointment.patientId, owner.patientId!), eq(appointment.id, appointmentId))!,
    place!.timeZone,
  );
  if (!found) throw notFound('The appointment');
  const event = patientEvent(found, place!, showDetails);
  return calendarDocument({
    name: showDetails ? place!.name : 'Appointment',
    timeZone: place!.timeZone,
    window: { start: event.start, end: event.end },
    events: [event],
    stamp: clock.now(),
  });
}
