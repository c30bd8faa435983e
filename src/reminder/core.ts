import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/**
 * Messages to patients about their appointments: which ones an appointment gets and when, over which channel,
 * and their words. Pure: no I/O, no clock — "now" is passed in. Messages carry logistics only (time, place,
 * preparation, the escort rule), never a diagnosis, an answer or a score.
 */

export const messageKinds = [
  'booking_confirmation',
  'reminder',
  'escort_request',
  'questionnaire_due',
  'follow_up',
  'cancellation',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export const channels = ['email', 'sms'] as const;
export type Channel = (typeof channels)[number];

export const messageStatuses = ['pending', 'delivered', 'failed', 'cancelled', 'captured'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export type TreatmentRoute = 'iv' | 'im' | 'intranasal' | 'oral';

/** The clinic's timing rules (schedule settings plus the measures settings' pre-session questionnaire window). */
export interface ReminderTimings {
  firstReminderHours: number;
  secondReminderHours: number;
  escortConfirmationOpensHours: number;
  followUpNextDayHour: number;
  preSessionWindowHours: number;
}

/** One message an appointment gets: `hours` tells the two reminders apart. */
export interface PlannedMessage {
  kind: MessageKind;
  hours?: number;
  sendAfter: Date;
}

const HOUR_MS = 3_600_000;

/** Midnight-safe and DST-safe: `hour`:00 on the clinic-local day after the session started. */
export function nextDayAt(startsAt: Date, timeZone: string, hour: number): Date {
  const local = new TZDate(startsAt.getTime(), timeZone);
  const next = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, hour, 0, 0, timeZone);
  return new Date(next.getTime());
}

/**
 * The messages an appointment booked at `now` gets: the confirmation at once; each reminder at its hours before
 * the start unless that time has passed (a late booking is not reminded of what it was just told); the escort
 * request and the questionnaire notice when their windows open (at once if already open); the follow-up at the
 * set hour the next clinic day.
 */
export function plannedMessages(
  startsAt: Date,
  timeZone: string,
  timings: ReminderTimings,
  now: Date,
): PlannedMessage[] {
  const before = (hours: number) => new Date(startsAt.getTime() - hours * HOUR_MS);
  const atOrNow = (at: Date) => (at < now ? now : at);
  const planned: PlannedMessage[] = [{ kind: 'booking_confirmation', sendAfter: now }];
  for (const hours of new Set([timings.firstReminderHours, timings.secondReminderHours])) {
    if (before(hours) >= now) planned.push({ kind: 'reminder', hours, sendAfter: before(hours) });
  }
  if (startsAt > now) {
    planned.push({
      kind: 'escort_request',
      sendAfter: atOrNow(before(timings.escortConfirmationOpensHours)),
    });
    planned.push({ kind: 'questionnaire_due', sendAfter: atOrNow(before(timings.preSessionWindowHours)) });
  }
  planned.push({
    kind: 'follow_up',
    sendAfter: atOrNow(nextDayAt(startsAt, timeZone, timings.followUpNextDayHour)),
  });
  return planned;
}

export interface ContactDetails {
  email: string | null;
  phone: string | null;
}

export interface Preferences {
  email: boolean;
  sms: boolean;
}

export interface Recipient {
  channel: Channel;
  recipient: string;
}

/**
 * Where a patient's messages go: by their preferences (email by default; SMS only when they opted in), to the
 * addresses the clinic has. Reminders carry fasting and escort instructions, so a patient whose chosen channel
 * has no address still hears by the other one they have.
 */
export function recipientsFor(contact: ContactDetails, preferences: Preferences | null): Recipient[] {
  const chosen = preferences ?? { email: true, sms: false };
  const reachable: Recipient[] = [];
  if (contact.email) reachable.push({ channel: 'email', recipient: contact.email });
  if (contact.phone) reachable.push({ channel: 'sms', recipient: contact.phone });
  const wanted = reachable.filter((r) => chosen[r.channel]);
  return wanted.length > 0 ? wanted : reachable.slice(0, 1);
}

/** One key per message: the unique index makes queuing twice a no-op. */
export function dedupeKey(
  appointmentId: string,
  planned: { kind: MessageKind; hours?: number },
  channel: Channel,
) {
  return [appointmentId, planned.kind, ...(planned.hours === undefined ? [] : [planned.hours]), channel].join(
    ':',
  );
}

/** "Tue 3 Mar, 9:00 AM" in the clinic's time zone. */
export function localTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'EEE d MMM, h:mm a');
}

/** "11:30 AM" in the clinic's time zone. */
export function localClockTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'h:mm a');
}

const sessionWords: Record<TreatmentRoute, string> = {
  iv: 'ketamine infusion',
  im: 'ketamine injection session',
  intranasal: 'esketamine nasal spray session',
  oral: 'ketamine session',
};

/** What the patient calls the visit: the route in plain words, never the chair. */
export function sessionName(route: TreatmentRoute): string {
  return sessionWords[route];
}

function duration(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** "No food for 2 hours before, no liquids for 30 minutes before", from the protocol's fasting rule. */
export function fastingText(fasting: { noFoodHours: number; noLiquidsMinutes: number }): string {
  const parts: string[] = [];
  if (fasting.noFoodHours > 0) parts.push(`no food for ${duration(fasting.noFoodHours * 60)} before`);
  if (fasting.noLiquidsMinutes > 0) parts.push(`no liquids for ${duration(fasting.noLiquidsMinutes)} before`);
  if (parts.length === 0) return 'No fasting is needed before this session';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const ESCORT_RULE =
  'An adult escort must take you home: you cannot leave on your own, by taxi or by rideshare alone';
export const NO_DRIVING_RULE =
  'Do not drive, cycle or use machinery until the next day, after a restful sleep';
export const WHAT_TO_BRING = 'Bring a photo ID and a list of the medicines you take';

/** The place a message's portal link stands in for; the dispatcher and the mailbox fill in the server's address. */
export const PORTAL_LINK = '{portal}/portal/appointments';

/** Replaces the portal placeholder with the server's public address. */
export function withPortalLink(text: string, publicUrl: string): string {
  return text.replaceAll('{portal}', publicUrl.replace(/\/+$/, ''));
}

/** The appointment and clinic facts a message is written from. */
export interface MessageFacts {
  clinicName: string;
  clinicPhone: string;
  timeZone: string;
  startsAt: Date;
  route: TreatmentRoute;
  fasting: { noFoodHours: number; noLiquidsMinutes: number };
  /** The protocol's own preparation words for patients (may be empty). */
  preparationNote: string;
}

/** How to prepare, as lines: fasting, the protocol's note, what to bring, the escort and no-driving rules. */
export function preparationLines(facts: Pick<MessageFacts, 'fasting' | 'preparationNote'>): string[] {
  return [
    `${fastingText(facts.fasting)}.`,
    ...(facts.preparationNote.trim() ? [facts.preparationNote.trim()] : []),
    `${WHAT_TO_BRING}.`,
    `${ESCORT_RULE}.`,
    `${NO_DRIVING_RULE}.`,
  ];
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

/** The words of one message. SMS bodies are short: the when, the essentials, and the portal link. */
export function renderMessage(
  planned: { kind: MessageKind; hours?: number },
  channel: Channel,
  facts: MessageFacts,
): RenderedMessage {
  const when = localTime(facts.startsAt, facts.timeZone);
  const session = sessionName(facts.route);
  const clinic = facts.clinicName;
  const subject = subjectOf(planned, when, clinic);
  if (channel === 'sms') return { subject, body: smsBody(planned.kind, when, facts) };
  const prepare = preparationLines(facts)
    .map((line) => `- ${line}`)
    .join('\n');
  const call = `Questions, or need to change the time? Call ${clinic} on ${facts.clinicPhone}.`;
  const paragraphs: string[] = (() => {
    switch (planned.kind) {
      case 'booking_confirmation':
        return [
          `Your ${session} at ${clinic} is booked for ${when}.`,
          `How to prepare:\n${prepare}`,
          `Before the day, tell us who will take you home: ${PORTAL_LINK}`,
        ];
      case 'reminder':
        return [
          `A reminder: your ${session} at ${clinic} is on ${when}.`,
          `How to prepare:\n${prepare}`,
          `See your appointment and confirm your escort: ${PORTAL_LINK}`,
        ];
      case 'escort_request':
        return [
          `Your ${session} at ${clinic} is on ${when}.`,
          `${ESCORT_RULE}. Please tell us their name and phone number and confirm they will take you home: ${PORTAL_LINK}`,
          `Without a confirmed escort we cannot start your session. ${NO_DRIVING_RULE}.`,
        ];
      case 'questionnaire_due':
        return [
          `Before your ${session} on ${when}, please answer your short questionnaire in the patient portal. It takes a few minutes.`,
          `Open the portal: ${PORTAL_LINK}`,
        ];
      case 'follow_up':
        return [
          `Thank you for coming to ${clinic} yesterday. We hope you slept well.`,
          'If you feel unwell, confused or low, or anything worries you, call us. In an emergency call 911; for a mental health crisis call or text 988.',
          `Your appointments: ${PORTAL_LINK}`,
        ];
      case 'cancellation':
        return [
          `Your ${session} at ${clinic} on ${when} has been cancelled.`,
          `Your appointments: ${PORTAL_LINK}`,
        ];
    }
  })();
  return { subject, body: [...paragraphs, call].join('\n\n') };
}

function subjectOf(planned: { kind: MessageKind }, when: string, clinic: string): string {
  switch (planned.kind) {
    case 'booking_confirmation':
      return `Booked: ${when} at ${clinic}`;
    case 'reminder':
      return `Reminder: ${when} at ${clinic}`;
    case 'escort_request':
      return `Who is taking you home on ${when}?`;
    case 'questionnaire_due':
      return `A short questionnaire before ${when}`;
    case 'follow_up':
      return `How are you today? (${clinic})`;
    case 'cancellation':
      return `Cancelled: ${when} at ${clinic}`;
  }
}

function smsBody(kind: MessageKind, when: string, facts: MessageFacts): string {
  const clinic = facts.clinicName;
  const fasting = `${fastingText(facts.fasting)}.`;
  const rides = 'An adult must take you home; no driving until tomorrow.';
  switch (kind) {
    case 'booking_confirmation':
      return `${clinic}: booked ${when}. ${fasting} ${rides} ${PORTAL_LINK}`;
    case 'reminder':
      return `${clinic}: reminder, ${when}. ${fasting} ${rides} ${PORTAL_LINK}`;
    case 'escort_request':
      return `${clinic}: who is taking you home after ${when}? Confirm your escort: ${PORTAL_LINK}`;
    case 'questionnaire_due':
      return `${clinic}: please answer your questionnaire before ${when}: ${PORTAL_LINK}`;
    case 'follow_up':
      return `${clinic}: how are you today? Call ${facts.clinicPhone} if anything worries you; crisis: call or text 988.`;
    case 'cancellation':
      return `${clinic}: your appointment ${when} is cancelled. Call ${facts.clinicPhone} with questions.`;
  }
}
