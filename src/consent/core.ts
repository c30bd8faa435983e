import { createHash } from 'node:crypto';
import type { Attestation, AttestationTopic, ConsentRoute, ConsentStatus } from './model.js';

/** A problem with one field, as a JSON pointer into the request (the services turn these into a 422). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * Informed-consent rules, pure: which attestations each route's document must carry, the canonical text a
 * signature's hash covers, whether a typed name is the patient's, and whether a route's consent is current.
 */

export const consentRoutes: readonly ConsentRoute[] = ['iv', 'im', 'intranasal', 'oral'];

const commonTopics: readonly AttestationTopic[] = [
  'expected_effects',
  'dissociation',
  'blood_pressure_rise',
  'nausea',
  'dependence_misuse',
  'no_driving_or_major_decisions',
  'escort_home',
  'costs_and_insurance',
  'right_to_withdraw',
];

/**
 * The topics a route's document must cover. Racemic ketamine for depression (IV, IM, oral) is off-label, so its
 * documents must say so; intranasal esketamine is labelled for it, but the Spravato REMS requires enrolment and
 * at least two hours of monitoring in the clinic after each dose (clinical-reference.md §1, §6).
 */
export function requiredTopics(route: ConsentRoute): AttestationTopic[] {
  return route === 'intranasal' ? [...commonTopics, 'rems_monitoring'] : ['off_label_use', ...commonTopics];
}

export interface DocumentText {
  title: string;
  bodyMarkdown: string;
  attestations: readonly Attestation[];
}

/** Line endings as typed on Windows or a Mac are one text: the stored body and its hash always use "\n". */
export const normaliseNewlines = (text: string) => text.replace(/\r\n?/g, '\n');

/** Problems with a document before it may be published, at their request paths (empty = publishable). */
export function documentProblems(route: ConsentRoute, doc: DocumentText): FieldError[] {
  const errors: FieldError[] = [];
  if (doc.title.trim() === '') errors.push({ path: '/body/title', message: 'Give the document a title' });
  if (doc.bodyMarkdown.trim() === '') {
    errors.push({ path: '/body/bodyMarkdown', message: 'The document has no text' });
  }
  const seen = new Set<string>();
  doc.attestations.forEach((a, i) => {
    if (seen.has(a.id)) {
      errors.push({ path: `/body/attestations/${i}/id`, message: `Attestation "${a.id}" appears twice` });
    }
    seen.add(a.id);
    if (a.text.trim() === '') {
      errors.push({ path: `/body/attestations/${i}/text`, message: 'The attestation has no text' });
    }
  });
  const missing = requiredTopics(route).filter((topic) => !seen.has(topic));
  if (missing.length > 0) {
    errors.push({
      path: '/body/attestations',
      message: `Missing required attestations for ${route}: ${missing.join(', ')}`,
    });
  }
  return errors;
}

/**
 * The exact text a signature is on: title, body and each attestation (id and wording, in order). JSON keeps the
 * parts unambiguous (no separator inside a body can make two different documents hash alike); the prefix names
 * the format so a later change of canonical form cannot be confused with this one.
 */
export function canonicalText(doc: DocumentText): string {
  return `ketacare-consent-v1\n${JSON.stringify({
    title: doc.title,
    body: normaliseNewlines(doc.bodyMarkdown),
    attestations: doc.attestations.map((a) => [a.id, a.text]),
  })}`;
}

/** SHA-256 (hex) of the canonical text. */
export function documentHash(doc: DocumentText): string {
  return createHash('sha256').update(canonicalText(doc), 'utf8').digest('hex');
}

/** The attestation ids of a document the signer did not acknowledge, in document order. */
export function unacknowledged(
  attestations: readonly Attestation[],
  acknowledged: readonly string[],
): string[] {
  const given = new Set(acknowledged);
  return attestations.filter((a) => !given.has(a.id)).map((a) => a.id);
}

const nameKey = (name: string) => name.normalize('NFKC').toLocaleLowerCase('en-US').replace(/\s+/g, '');

/** A typed signature matches the legal name ignoring case and spaces ("alpha  DEMO-patient" = "Alpha Demo-Patient"). */
export function typedNameMatches(typed: string, legal: { givenName: string; familyName: string }): boolean {
  const key = nameKey(typed);
  return key !== '' && key === nameKey(`${legal.givenName} ${legal.familyName}`);
}

/** The wall-clock parts of an instant in a time zone. */
function wallClock(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
    ms: at.getUTCMilliseconds(),
  };
}

type Wall = ReturnType<typeof wallClock>;

const wallAsUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);

/**
 * The instant a wall-clock time has in a time zone. A time the spring-forward change skips resolves an hour
 * early, so a consent never lasts longer than the months configured.
 */
function instantOfWall(wall: Wall, timeZone: string): Date {
  const asUtc = wallAsUtc(wall);
  const offsetAt = (ms: number) => wallAsUtc(wallClock(new Date(ms), timeZone)) - ms;
  let guess = asUtc - offsetAt(asUtc);
  guess = asUtc - offsetAt(guess);
  return new Date(guess);
}

/**
 * When a signature stops being current: the same wall-clock time `months` calendar months later in the clinic's
 * time zone. A day the later month lacks becomes its last day (31 January + 1 month = 28/29 February), so consent
 * never lasts longer than the months configured.
 */
export function consentExpiresAt(signedAt: Date, months: number, timeZone: string): Date {
  const wall = wallClock(signedAt, timeZone);
  const monthIndex = wall.month - 1 + months;
  const year = wall.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return instantOfWall({ ...wall, year, month, day: Math.min(wall.day, lastDay) }, timeZone);
}

export interface SignatureFacts {
  id: string;
  documentId: string;
  signedAt: Date;
  /** When this signature was withdrawn, if it was. */
  withdrawnAt: Date | null;
}

export interface RouteConsentState {
  status: ConsentStatus;
  /** The signature the status is about: the most recent on the route. */
  signature: SignatureFacts | null;
  expiresAt: Date | null;
}

/**
 * A route's consent from its latest published document and the patient's signatures on any of its versions.
 * The most recent signature decides (an older one never revives a withdrawn or outdated consent), in this order:
 * 'withdrawn' when any withdrawal on the route came after it was signed (withdrawing consent for the route,
 * whichever signature the patient named), then signed on an older version ('outdated_version'), then past its
 * validity ('expired': at exactly `validityMonths` calendar months after signing it has expired), else
 * 'current'. No published document or no signature: 'none'. Signing again after a withdrawal is new consent.
 */
export function routeConsentState(
  latestDocumentId: string | null,
  signatures: readonly SignatureFacts[],
  now: Date,
  validity: { months: number; timeZone: string },
): RouteConsentState {
  const signature = signatures.reduce<SignatureFacts | null>(
    (latest, s) => (latest && latest.signedAt.getTime() >= s.signedAt.getTime() ? latest : s),
    null,
  );
  if (latestDocumentId === null || signature === null) {
    return { status: 'none', signature, expiresAt: null };
  }
  const expiresAt = consentExpiresAt(signature.signedAt, validity.months, validity.timeZone);
  const withdrawn = signatures.some(
    (s) => s.withdrawnAt !== null && s.withdrawnAt.getTime() >= signature.signedAt.getTime(),
  );
  const status: ConsentStatus = withdrawn
    ? 'withdrawn'
    : signature.documentId !== latestDocumentId
      ? 'outdated_version'
      : now.getTime() >= expiresAt.getTime()
        ? 'expired'
        : 'current';
  return { status, signature, expiresAt };
}
