/** Pure audit-chain arithmetic: canonical form, links, and finding the first broken link. No I/O. */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);
export const ORGANISATION_CHAIN = 'organisation';

export interface ChainEntry {
  id: string;
  seq: number;
  clinicId: string | null;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  outcome: string;
  requestId: string | null;
  clientAddress: string | null;
  detail: unknown;
}

export interface ChainSeal {
  position: number;
  entryId: string;
  entryHash: string;
  previousLink: string;
  link: string;
}

export const chainOf = (clinicId: string | null) => clinicId ?? ORGANISATION_CHAIN;

/** JSON with object keys sorted at every depth: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Every field of the entry, in a fixed order; times as ISO strings. */
export function canonicalEntry(e: ChainEntry): string {
  return canonicalJson([
    e.id,
    e.seq,
    e.clinicId,
    e.occurredAt.toISOString(),
    e.actorType,
    e.actorId,
    e.actorRole,
    e.action,
    e.resourceType,
    e.resourceId,
    e.patientId,
    e.outcome,
    e.requestId,
    e.clientAddress,
    e.detail ?? null,
  ]);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const entryHash = (e: ChainEntry) => sha256(canonicalEntry(e));
export const nextLink = (previousLink: string, hashOfEntry: string) =>
  sha256(`${previousLink}${hashOfEntry}`);

/** Links a batch of entries onto a chain whose last link and position are given. */
export function sealBatch(
  entries: readonly ChainEntry[],
  last: { link: string; position: number },
): ChainSeal[] {
  let previousLink = last.link;
  let position = last.position;
  return entries.map((e) => {
    const hash = entryHash(e);
    const link = nextLink(previousLink, hash);
    const seal = { position: ++position, entryId: e.id, entryHash: hash, previousLink, link };
    previousLink = link;
    return seal;
  });
}

export type BreakKind = 'edited' | 'deleted' | 'inserted' | 'reordered';

export interface ChainBreak {
  kind: BreakKind;
  position: number | null;
  entryId: string | null;
  detail: string;
}

export type Verification = { ok: true; sealed: number; unsealed: number } | ({ ok: false } & ChainBreak);

/**
 * Walks a chain in position order and reports the first broken link:
 * - deleted: a seal points at an entry that is gone, or a position is missing;
 * - reordered: the links no longer follow one another, or an entry's content sits at another entry's place;
 * - edited: an entry no longer hashes to what was sealed;
 * - inserted: an unsealed entry dated before already-sealed history (the sealer never seals back-dated entries).
 */
export function verifyChain(
  seals: readonly ChainSeal[],
  entriesById: ReadonlyMap<string, ChainEntry>,
  unsealed: readonly ChainEntry[],
  insertionToleranceMs: number,
): Verification {
  const sorted = [...seals].sort((a, b) => a.position - b.position);
  const hashesElsewhere = new Map(sorted.map((s) => [s.entryHash, s.position]));
  let previous = GENESIS;
  let latestSealedAt = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sorted.length; i++) {
    const seal = sorted[i]!;
    if (seal.position !== i + 1) {
      return {
        ok: false,
        kind: 'deleted',
        position: i + 1,
        entryId: null,
        detail: `chain position ${i + 1} is missing`,
      };
    }
    if (seal.previousLink !== previous || seal.link !== nextLink(seal.previousLink, seal.entryHash)) {
      return {
        ok: false,
        kind: 'reordered',
        position: seal.position,
        entryId: seal.entryId,
        detail: 'the links no longer follow one another',
      };
    }
    const entry = entriesById.get(seal.entryId);
    if (!entry) {
      return {
        ok: false,
        kind: 'deleted',
        position: seal.position,
        entryId: seal.entryId,
        detail: 'a sealed entry is gone',
      };
    }
    const hash = entryHash(entry);
    if (hash !== seal.entryHash) {
      const movedFrom = hashesElsewhere.get(hash);
      return movedFrom !== undefined
        ? {
            ok: false,
            kind: 'reordered',
            position: seal.position,
            entryId: entry.id,
            detail: `holds the content sealed at position ${movedFrom}`,
          }
        : {
            ok: false,
            kind: 'edited',
            position: seal.position,
            entryId: entry.id,
            detail: 'the entry differs from what was sealed',
          };
    }
    latestSealedAt = Math.max(latestSealedAt, entry.occurredAt.getTime());
    previous = seal.link;
  }
  const backdated = unsealed.find((e) => e.occurredAt.getTime() < latestSealedAt - insertionToleranceMs);
  if (backdated) {
    return {
      ok: false,
      kind: 'inserted',
      position: null,
      entryId: backdated.id,
      detail: 'an entry was added into already-sealed history',
    };
  }
  return { ok: true, sealed: sorted.length, unsealed: unsealed.length };
}
