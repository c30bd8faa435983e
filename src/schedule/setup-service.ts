import { and, asc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import { recordAudit } from '../audit/service.js';
import type { Scope } from '../identity/authorise.js';
import { staff, staffRole } from '../identity/schema.js';
import { clinicOf } from '../identity/scope.js';
import type { RequestMeta } from '../identity/service.js';
import { staffAudit, staffInClinic } from '../identity/staff-scope.js';
import { clinic } from '../organisation/schema.js';
import { clinicTimeZone } from '../organisation/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { isUniqueViolation } from '../platform/db/errors.js';
import { conflict, invalidFields, notFound, ProblemError } from '../platform/http/problem.js';
import { localDateRange, placeOnCalendar, weekHoursProblems } from './core.js';
import { exclusionViolated } from './exclusion.js';
import type {
  ChairBody,
  ChairList,
  ChairView,
  RangeQuery,
  RotaStaffList,
  ShiftBody,
  ShiftList,
  ShiftView,
  WeekHoursBody,
  WeekHoursView,
} from './model.js';
import { chair, clinicHours, staffShift } from './schema.js';

/** Setting up the clinic's schedule: chairs and what they are equipped for, the weekly hours, the staff rota. */

type ChairRow = typeof chair.$inferSelect;

export function toChairView(row: ChairRow): ChairView {
  return {
    id: row.id,
    name: row.name,
    routes: row.routes as ChairView['routes'],
    createdAt: row.createdAt.toISOString(),
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}

export async function listChairs(db: Queryable, scope: Scope): Promise<ChairList> {
  const rows = await db
    .select()
    .from(chair)
    .where(eq(chair.clinicId, clinicOf(scope)))
    .orderBy(asc(chair.name));
  return { chairs: rows.map(toChairView) };
}

export async function addChair(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: ChairBody,
  meta: RequestMeta,
): Promise<ChairView> {
  const who = staffInClinic(scope);
  const name = body.name.trim();
  if (name.length === 0) throw invalidFields([{ path: '/body/name', message: 'must not be blank' }]);
  try {
    return await database.transaction(async (tx) => {
      const [row] = await tx
        .insert(chair)
        .values({ clinicId: who.clinicId, name, routes: body.routes, createdAt: clock.now() })
        .returning();
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'schedule.chair_added',
        resourceType: 'chair',
        resourceId: row!.id,
        patientId: null,
        detail: { name, routes: body.routes },
      });
      return toChairView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw invalidFields([{ path: '/body/name', message: `the clinic already has a chair named ${name}` }]);
    throw error;
  }
}

/** A retired chair keeps its history and takes no new bookings; its booked sessions stay until moved. */
export async function retireChair(
  database: Database,
  clock: Clock,
  scope: Scope,
  chairId: string,
  meta: RequestMeta,
): Promise<ChairView> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    const mine = and(eq(chair.id, chairId), eq(chair.clinicId, who.clinicId));
    const [row] = await tx
      .update(chair)
      .set({ retiredAt: clock.now() })
      .where(and(mine, isNull(chair.retiredAt)))
      .returning();
    if (!row) {
      const [exists] = await tx.select({ id: chair.id }).from(chair).where(mine);
      throw exists ? conflict('This chair is already retired') : notFound('The chair');
    }
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'schedule.chair_retired',
      resourceType: 'chair',
      resourceId: row.id,
      patientId: null,
      detail: { name: row.name },
    });
    return toChairView(row);
  });
}

export async function weekHours(db: Queryable, clinicId: string) {
  return db
    .select({ weekday: clinicHours.weekday, opensAt: clinicHours.opensAt, closesAt: clinicHours.closesAt })
    .from(clinicHours)
    .where(eq(clinicHours.clinicId, clinicId))
    .orderBy(asc(clinicHours.weekday));
}

export async function viewHours(db: Queryable, scope: Scope): Promise<WeekHoursView> {
  const clinicId = clinicOf(scope);
  return { timeZone: await clinicTimeZone(db, clinicId), days: await weekHours(db, clinicId) };
}

/** Replaces the week's hours (days left out are closed). Booked sessions are not moved. */
export async function setHours(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: WeekHoursBody,
  meta: RequestMeta,
): Promise<WeekHoursView> {
  const who = staffInClinic(scope);
  const problems = weekHoursProblems(body.days);
  if (problems.length > 0)
    throw invalidFields(problems.map((p) => ({ path: `/body/days/${p.index}`, message: p.message })));
  return database.transaction(async (tx) => {
    await tx.delete(clinicHours).where(eq(clinicHours.clinicId, who.clinicId));
    if (body.days.length > 0)
      await tx.insert(clinicHours).values(
        body.days.map((day) => ({
          clinicId: who.clinicId,
          ...day,
          updatedBy: who.staffId,
          updatedAt: clock.now(),
        })),
      );
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'schedule.hours_set',
      resourceType: 'clinic',
      resourceId: who.clinicId,
      patientId: null,
      detail: { days: body.days },
    });
    return { timeZone: await clinicTimeZone(tx, who.clinicId), days: await weekHours(tx, who.clinicId) };
  });
}

function toShiftView(
  row: typeof staffShift.$inferSelect & { staffName: string },
  timeZone: string,
): ShiftView {
  return {
    id: row.id,
    staff: { id: row.staffId, name: row.staffName },
    role: row.role as ShiftView['role'],
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    ...placeOnCalendar({ start: row.startsAt, end: row.endsAt }, timeZone),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
  };
}

/** Shifts (not cancelled) overlapping an instant range, with the staff member's name. */
export async function shiftsBetween(db: Queryable, clinicId: string, from: Date, to: Date, timeZone: string) {
  const rows = await db
    .select({ shift: staffShift, staffName: staff.fullName })
    .from(staffShift)
    .innerJoin(staff, eq(staff.id, staffShift.staffId))
    .where(
      and(
        eq(staffShift.clinicId, clinicId),
        isNull(staffShift.cancelledAt),
        lt(staffShift.startsAt, to),
        gt(staffShift.endsAt, from),
      ),
    )
    .orderBy(asc(staffShift.startsAt));
  return rows.map((r) => toShiftView({ ...r.shift, staffName: r.staffName }, timeZone));
}

export async function listShifts(db: Queryable, scope: Scope, query: RangeQuery): Promise<ShiftList> {
  const clinicId = clinicOf(scope);
  if (query.to < query.from) throw invalidFields([{ path: '/query/to', message: 'must not be before from' }]);
  const timeZone = await clinicTimeZone(db, clinicId);
  const days = Math.round((Date.parse(query.to) - Date.parse(query.from)) / 86_400_000) + 1;
  if (days > 62) throw invalidFields([{ path: '/query/to', message: 'at most 62 days at a time' }]);
  const range = localDateRange(query.from, days, timeZone);
  return { shifts: await shiftsBetween(db, clinicId, range.start, range.end, timeZone) };
}

/** Nurses and prescribers of the clinic: who can be put on the rota. */
export async function rotaStaff(db: Queryable, scope: Scope): Promise<RotaStaffList> {
  const rows = await db
    .select({ id: staff.id, name: staff.fullName, role: staffRole.role })
    .from(staffRole)
    .innerJoin(staff, eq(staff.id, staffRole.staffId))
    .where(
      and(
        eq(staffRole.clinicId, clinicOf(scope)),
        inArray(staffRole.role, ['nurse', 'prescriber']),
        isNull(staff.deactivatedAt),
      ),
    )
    .orderBy(asc(staff.fullName));
  const byId = new Map<string, RotaStaffList['staff'][number]>();
  for (const row of rows) {
    const person = byId.get(row.id) ?? { id: row.id, name: row.name, roles: [] };
    person.roles.push(row.role as 'nurse' | 'prescriber');
    byId.set(row.id, person);
  }
  return { staff: [...byId.values()] };
}

const MAX_SHIFT_HOURS = 16;

export async function addShift(
  database: Database,
  clock: Clock,
  scope: Scope,
  body: ShiftBody,
  meta: RequestMeta,
): Promise<ShiftView> {
  const who = staffInClinic(scope);
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (endsAt <= startsAt) throw invalidFields([{ path: '/body/endsAt', message: 'must be after the start' }]);
  if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_HOURS * 3_600_000)
    throw invalidFields([
      { path: '/body/endsAt', message: `a shift lasts at most ${MAX_SHIFT_HOURS} hours` },
    ]);
  try {
    return await database.transaction(async (tx) => {
      const [person] = await tx
        .select({ name: staff.fullName })
        .from(staffRole)
        .innerJoin(staff, eq(staff.id, staffRole.staffId))
        .where(
          and(
            eq(staffRole.staffId, body.staffId),
            eq(staffRole.clinicId, who.clinicId),
            eq(staffRole.role, body.role),
            isNull(staff.deactivatedAt),
          ),
        );
      if (!person)
        throw invalidFields([{ path: '/body/staffId', message: `is not a ${body.role} of this clinic` }]);
      const [row] = await tx
        .insert(staffShift)
        .values({
          clinicId: who.clinicId,
          staffId: body.staffId,
          role: body.role,
          startsAt,
          endsAt,
          createdBy: who.staffId,
          createdAt: clock.now(),
        })
        .returning();
      await recordAudit(tx, clock, {
        ...staffAudit(who, meta),
        action: 'schedule.shift_added',
        resourceType: 'staff_shift',
        resourceId: row!.id,
        patientId: null,
        detail: { staffId: body.staffId, role: body.role, startsAt: body.startsAt, endsAt: body.endsAt },
      });
      return toShiftView({ ...row!, staffName: person.name }, await clinicTimeZone(tx, who.clinicId));
    });
  } catch (error) {
    if (exclusionViolated(error) === 'staff_shift_no_overlap')
      throw await shiftOverlap(database, body.staffId, startsAt, endsAt);
    throw error;
  }
}

/** The 409 for a second shift of one person at the same time, naming the shift already there. */
async function shiftOverlap(database: Database, staffId: string, startsAt: Date, endsAt: Date) {
  const [existing] = await database.db
    .select({ shift: staffShift, staffName: staff.fullName, timeZone: clinic.timeZone })
    .from(staffShift)
    .innerJoin(staff, eq(staff.id, staffShift.staffId))
    .innerJoin(clinic, eq(clinic.id, staffShift.clinicId))
    .where(
      and(
        eq(staffShift.staffId, staffId),
        isNull(staffShift.cancelledAt),
        lt(staffShift.startsAt, endsAt),
        gt(staffShift.endsAt, startsAt),
      ),
    )
    .limit(1);
  if (!existing) return conflict('This person is already on a shift at that time');
  const view = toShiftView({ ...existing.shift, staffName: existing.staffName }, existing.timeZone);
  return new ProblemError(
    'conflict',
    `${view.staff.name} is already on a ${view.role} shift ${view.date} ${view.startTime}–${view.endTime}`,
    { errors: [{ path: '/body/startsAt', message: 'overlaps another shift of this person' }] },
  );
}

export async function cancelShift(
  database: Database,
  clock: Clock,
  scope: Scope,
  shiftId: string,
  meta: RequestMeta,
): Promise<ShiftView> {
  const who = staffInClinic(scope);
  return database.transaction(async (tx) => {
    const mine = and(eq(staffShift.id, shiftId), eq(staffShift.clinicId, who.clinicId));
    const [row] = await tx
      .update(staffShift)
      .set({ cancelledAt: clock.now() })
      .where(and(mine, isNull(staffShift.cancelledAt)))
      .returning();
    if (!row) {
      const [exists] = await tx.select({ id: staffShift.id }).from(staffShift).where(mine);
      throw exists ? conflict('This shift is already cancelled') : notFound('The shift');
    }
    const [person] = await tx.select({ name: staff.fullName }).from(staff).where(eq(staff.id, row.staffId));
    await recordAudit(tx, clock, {
      ...staffAudit(who, meta),
      action: 'schedule.shift_cancelled',
      resourceType: 'staff_shift',
      resourceId: row.id,
      patientId: null,
      detail: { staffId: row.staffId, role: row.role },
    });
    return toShiftView({ ...row, staffName: person!.name }, await clinicTimeZone(tx, who.clinicId));
  });
}
