import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainEntry,
  type ChainSeal,
  canonicalEntry,
  canonicalJson,
  GENESIS,
  sealBatch,
  verifyChain,
} from './core.js';

const T0 = Date.parse('2026-03-02T15:00:00Z');
const TOLERANCE = 5 * 60_000;

const entryAt = (i: number, over: Partial<ChainEntry> = {}): ChainEntry => ({
  id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  seq: i + 1,
  clinicId: 'clinic-1',
  occurredAt: new Date(T0 + i * 1000),
  actorType: 'staff',
  actorId: 'nurse-1',
  actorRole: 'nurse',
  action: 'read:patient.read',
  resourceType: '/api/clinics/:clinicId/patients/:patientId',
  resourceId: 'patient-1',
  patientId: 'patient-1',
  outcome: 'success',
  requestId: `request-${i}`,
  clientAddress: '192.0.2.10',
  detail: null,
  ...over,
});

/** Seals `entries` onto a fresh chain in batches of the given sizes (the rest in one last batch). */
function sealInBatches(entries: readonly ChainEntry[], sizes: readonly number[] = []): ChainSeal[] {
  const seals: ChainSeal[] = [];
  let rest = entries;
  for (const size of [...sizes, rest.length]) {
    if (rest.length === 0) break;
    const last = seals.at(-1);
    seals.push(...sealBatch(rest.slice(0, size), last ?? { link: GENESIS, position: 0 }));
    rest = rest.slice(size);
  }
  return seals;
}

const verify = (seals: readonly ChainSeal[], entries: readonly ChainEntry[], unsealed: ChainEntry[] = []) =>
  verifyChain(seals, new Map(entries.map((e) => [e.id, e])), unsealed, TOLERANCE);

const five = Array.from({ length: 5 }, (_, i) => entryAt(i));

describe('canonical form', () => {
  it('does not depend on the key order of the detail', () => {
    const a = entryAt(0, { detail: { roles: ['nurse'], changed: { from: 1, to: 2 } } });
    const b = entryAt(0, { detail: { changed: { to: 2, from: 1 }, roles: ['nurse'] } });
    expect(canonicalEntry(a)).toBe(canonicalEntry(b));
    expect(canonicalJson({ b: 1, a: [null, { d: 1, c: 2 }] })).toBe('{"a":[null,{"c":2,"d":1}],"b":1}');
  });
});

describe('verifying a chain: hand-made cases', () => {
  it('accepts an untouched chain sealed in batches, counting recent unsealed entries', () => {
    const seals = sealInBatches(five, [2, 1]);
    const recent = entryAt(5);
    expect(verify(seals, [...five, recent], [recent])).toEqual({ ok: true, sealed: 5, unsealed: 1 });
    expect(seals[0]!.previousLink).toBe(GENESIS);
  });

  it('reports an edited entry at its position', () => {
    const seals = sealInBatches(five);
    const edited = five.map((e, i) => (i === 2 ? { ...e, clientAddress: '203.0.113.66' } : e));
    expect(verify(seals, edited)).toEqual({
      ok: false,
      kind: 'edited',
      position: 3,
      entryId: five[2]!.id,
      detail: 'the entry differs from what was sealed',
    });
  });

  it('reports a deleted entry whose seal remains', () => {
    const seals = sealInBatches(five);
    expect(
      verify(
        seals,
        five.filter((_, i) => i !== 1),
      ),
    ).toMatchObject({
      ok: false,
      kind: 'deleted',
      position: 2,
      entryId: five[1]!.id,
    });
  });

  it('reports a deleted entry whose seal was deleted too, by the missing position', () => {
    const seals = sealInBatches(five).filter((s) => s.position !== 3);
    expect(
      verify(
        seals,
        five.filter((_, i) => i !== 2),
      ),
    ).toMatchObject({
      ok: false,
      kind: 'deleted',
      position: 3,
      detail: 'chain position 3 is missing',
    });
  });

  it('reports two entries whose places were swapped', () => {
    const seals = sealInBatches(five).map((s) =>
      s.position === 2
        ? { ...s, entryId: five[3]!.id }
        : s.position === 4
          ? { ...s, entryId: five[1]!.id }
          : s,
    );
    expect(verify(seals, five)).toEqual({
      ok: false,
      kind: 'reordered',
      position: 2,
      entryId: five[3]!.id,
      detail: 'holds the content sealed at position 4',
    });
  });

  it('reports links moved out of order', () => {
    const seals = sealInBatches(five).map((s) =>
      s.position === 2 ? { ...s, position: 3 } : s.position === 3 ? { ...s, position: 2 } : s,
    );
    expect(verify(seals, five)).toMatchObject({ ok: false, kind: 'reordered', position: 2 });
  });

  it('reports an entry added into already-sealed history, and tolerates late commits within five minutes', () => {
    const seals = sealInBatches(five);
    const backdated = entryAt(99, { seq: 100, occurredAt: new Date(T0 - 60 * 60_000) });
    expect(verify(seals, [...five, backdated], [backdated])).toEqual({
      ok: false,
      kind: 'inserted',
      position: null,
      entryId: backdated.id,
      detail: 'an entry was added into already-sealed history',
    });
    const late = entryAt(98, { seq: 99, occurredAt: new Date(T0 + 4 * 1000 - TOLERANCE + 1) });
    expect(verify(seals, [...five, late], [late])).toMatchObject({ ok: true, unsealed: 1 });
  });

  it('reports a forged link', () => {
    const seals = sealInBatches(five).map((s) => (s.position === 4 ? { ...s, link: 'f'.repeat(64) } : s));
    expect(verify(seals, five)).toMatchObject({ ok: false, kind: 'reordered', position: 4 });
  });
});

/** 1–30 entries with arbitrary content, and an arbitrary split into sealing batches. */
const chainArb = fc
  .record({
    contents: fc.array(
      fc.record({
        action: fc.string({ maxLength: 20 }),
        outcome: fc.constantFrom('success', 'failure', 'denied'),
        gapMs: fc.nat({ max: 60_000 }),
        detail: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), {
          nil: null,
        }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    batches: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 10 }),
  })
  .map(({ contents, batches }) => {
    let at = T0;
    const entries = contents.map(({ gapMs, ...content }, i) => {
      at += gapMs;
      return entryAt(i, { ...content, occurredAt: new Date(at) });
    });
    return { entries, seals: sealInBatches(entries, batches) };
  });

describe('verifying a chain: properties', () => {
  it('any entries sealed in any batch split verify', () => {
    fc.assert(
      fc.property(chainArb, ({ entries, seals }) => {
        expect(verify(seals, entries)).toEqual({ ok: true, sealed: entries.length, unsealed: 0 });
      }),
    );
  });

  it('any single edit of a sealed entry is reported as an edit at its position', () => {
    const edits: ((e: ChainEntry) => ChainEntry)[] = [
      (e) => ({ ...e, action: `${e.action}!` }),
      (e) => ({ ...e, outcome: e.outcome === 'success' ? 'denied' : 'success' }),
      (e) => ({ ...e, occurredAt: new Date(e.occurredAt.getTime() - 1) }),
      (e) => ({ ...e, actorId: 'someone-else' }),
      (e) => ({ ...e, detail: { added: true } }),
    ];
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.constantFrom(...edits), ({ entries, seals }, pick, edit) => {
        const i = pick % entries.length;
        const tampered = entries.map((e, j) => (j === i ? edit(e) : e));
        expect(verify(seals, tampered)).toMatchObject({
          ok: false,
          kind: 'edited',
          position: i + 1,
          entryId: entries[i]!.id,
        });
      }),
    );
  });

  it('any single deletion is reported: the entry alone, or the entry with its seal anywhere but the end', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.boolean(), ({ entries, seals }, pick, withSeal) => {
        const i = pick % entries.length;
        fc.pre(!withSeal || i < entries.length - 1);
        const left = entries.filter((_, j) => j !== i);
        const leftSeals = withSeal ? seals.filter((s) => s.position !== i + 1) : seals;
        expect(verify(leftSeals, left)).toMatchObject({ ok: false, kind: 'deleted', position: i + 1 });
      }),
    );
  });

  it('swapping two sealed entries, or two links, is reported as reordering at the first of them', () => {
    fc.assert(
      fc.property(
        chainArb.filter(({ entries }) => entries.length >= 2),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        ({ entries, seals }, a, b, swapLinks) => {
          const i = a % entries.length;
          const j = b % entries.length;
          fc.pre(i !== j);
          const [p, q] = [i + 1, j + 1];
          const swapped = seals.map((s) => {
            const other = s.position === p ? seals[j]! : s.position === q ? seals[i]! : undefined;
            if (!other) return s;
            return swapLinks ? { ...other, position: s.position } : { ...s, entryId: other.entryId };
          });
          expect(verify(swapped, entries)).toMatchObject({
            ok: false,
            kind: 'reordered',
            position: Math.min(p, q),
          });
        },
      ),
    );
  });

  it('an entry dated more than five minutes before sealed history is reported as inserted', () => {
    fc.assert(
      fc.property(chainArb, fc.integer({ min: 1, max: 10 * 24 * 60 }), ({ entries, seals }, minutesBack) => {
        const newest = Math.max(...entries.map((e) => e.occurredAt.getTime()));
        const forged = entryAt(entries.length, {
          occurredAt: new Date(newest - TOLERANCE - minutesBack * 60_000),
        });
        expect(verify(seals, [...entries, forged], [forged])).toMatchObject({
          ok: false,
          kind: 'inserted',
          entryId: forged.id,
        });
      }),
    );
  });
});
