import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { ReferenceLedger } from './core.js';
import { type LedgerFixture, ledgerFixture } from './test-fixture.js';

/**
 * Random sequences of ledger acts through the API, held to the pure reference model: after every act the
 * database accepts exactly what the model accepts (a refusal is a 409), and at the end every balance equals the
 * model's. Each run uses lots of its own, so runs share one database.
 */
let t: TestApp;
let f: LedgerFixture;

beforeAll(async () => {
  t = await createTestApp();
  f = await ledgerFixture(t);
});
afterAll(async () => t?.close());

type Act =
  | { kind: 'receive'; lot: number; location: number; containers: number }
  | { kind: 'dispense'; lot: number; location: number; quantity: number }
  | { kind: 'waste'; lot: number; location: number; quantity: number }
  | { kind: 'transfer'; lot: number; from: number; quantity: number }
  | { kind: 'reverse'; back: number };

const lotIndex = fc.integer({ min: 0, max: 1 });
const locationIndex = fc.integer({ min: 0, max: 1 });
const quantity = fc.integer({ min: 1, max: 30 }).map((n) => n * 1000);
const act: fc.Arbitrary<Act> = fc.oneof(
  fc.record({
    kind: fc.constant('receive' as const),
    lot: lotIndex,
    location: locationIndex,
    containers: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({ kind: fc.constant('dispense' as const), lot: lotIndex, location: locationIndex, quantity }),
  fc.record({ kind: fc.constant('waste' as const), lot: lotIndex, location: locationIndex, quantity }),
  fc.record({ kind: fc.constant('transfer' as const), lot: lotIndex, from: locationIndex, quantity }),
  fc.record({ kind: fc.constant('reverse' as const), back: fc.integer({ min: 0, max: 3 }) }),
);

let run = 0;
/** Acts the database answered, over all runs: the property must have exercised the ledger. */
let answered = 0;

describe('the ledger against its reference model', () => {
  it('accepts, refuses and balances exactly as the model does', { timeout: 120_000 }, async () => {
    await fc.assert(
      // Every run starts with both lots received into the safe, so the random acts have stock to work on.
      fc.asyncProperty(fc.array(act, { minLength: 1, maxLength: 8 }), async (randomActs) => {
        const acts: Act[] = [
          { kind: 'receive', lot: 0, location: 0, containers: 1 },
          { kind: 'receive', lot: 1, location: 0, containers: 1 },
          ...randomActs,
        ];
        run += 1;
        // A witness code needs a fresh 30-second step; eight of them stay inside the 5-minute step-up.
        await f.stepUp(f.nurse, 'nurse@demo-clinic.example');
        const model = new ReferenceLedger();
        const locations = [f.safeId, f.cabinetId];
        const lotIds: (string | undefined)[] = [undefined, undefined];
        // accepted dispenses and receipts that a later act may reverse: id, where, and the balance change
        const reversible: { id: string; location: string; lot: string; balanceChange: number }[] = [];
        for (const step of acts) {
          if (step.kind === 'receive') {
            const res = await f.post('/ledger/receipts', {
              locationId: locations[step.location],
              productId: f.productId,
              lotNumber: `P${run}-${step.lot}`,
              lotExpiresOn: `${t.clock.now().getUTCFullYear() + 2}-01-31`,
              containers: step.containers,
              supplier: { name: 'Synthetic Pharma Supply', address: '1 Depot Way', deaNumber: 'RS0000001' },
              invoiceNumber: `P${run}`,
              occurredAt: f.at(),
            });
            expect(res.statusCode, res.body).toBe(201);
            answered += 1;
            const entry = res.json();
            lotIds[step.lot] = entry.lotId;
            expect(
              model.apply([
                { locationId: entry.locationId, lotId: entry.lotId, balanceChange: entry.quantity },
              ]),
            ).toBe(true);
            reversible.push({
              id: entry.id,
              location: entry.locationId,
              lot: entry.lotId,
              balanceChange: entry.quantity,
            });
            continue;
          }
          if (step.kind === 'reverse') {
            const target = reversible[reversible.length - 1 - step.back];
            if (!target) continue;
            const expected = model.apply([
              { locationId: target.location, lotId: target.lot, balanceChange: -target.balanceChange },
            ]);
            const res = await f.post('/ledger/reversals', { entryId: target.id, reason: 'entered in error' });
            expect(res.statusCode, res.body).toBe(expected ? 201 : 409);
            answered += 1;
            if (expected) reversible.splice(reversible.indexOf(target), 1);
            continue;
          }
          const lotId = lotIds[step.lot];
          if (!lotId) continue;
          if (step.kind === 'transfer') {
            const from = locations[step.from]!;
            const to = locations[1 - step.from]!;
            const expected = model.apply([
              { locationId: from, lotId, balanceChange: -step.quantity },
              { locationId: to, lotId, balanceChange: step.quantity },
            ]);
            const res = await f.post('/ledger/transfers', {
              lotId,
              fromLocationId: from,
              toLocationId: to,
              quantity: step.quantity,
              occurredAt: f.at(),
            });
            expect(res.statusCode, res.body).toBe(expected ? 201 : 409);
            answered += 1;
            continue;
          }
          const locationId = locations[step.location]!;
          const expected = model.apply([{ locationId, lotId, balanceChange: -step.quantity }]);
          const res =
            step.kind === 'dispense'
              ? await f.post('/ledger/dispenses', {
                  lotId,
                  locationId,
                  appointmentId: f.appointmentId,
                  orderId: f.orderId,
                  quantity: step.quantity,
                  occurredAt: f.at(),
                })
              : await f.post('/ledger/wastes', {
                  lotId,
                  locationId,
                  quantity: step.quantity,
                  reason: 'ampoule broke',
                  method: 'drug disposal pouch',
                  witness: await f.witness(),
                  occurredAt: f.at(),
                });
          expect(res.statusCode, res.body).toBe(expected ? 201 : 409);
          answered += 1;
          if (expected && step.kind === 'dispense')
            reversible.push({
              id: res.json().id,
              location: locationId,
              lot: lotId,
              balanceChange: -step.quantity,
            });
        }
        const stock = (
          await t.app.inject({ method: 'GET', url: f.url('/stock'), headers: f.nurse.headers })
        ).json().lines as { location: { id: string }; lot: { id: string }; quantity: number }[];
        const ours = new Set(lotIds.filter(Boolean));
        const actual = stock
          .filter((line) => ours.has(line.lot.id))
          .map(
            (line) => [ReferenceLedger.key(line.location.id, line.lot.id), line.quantity] as [string, number],
          )
          .sort(([a], [b]) => a.localeCompare(b));
        expect(actual).toEqual(model.entries().filter(([, quantity]) => quantity > 0));
      }),
      { numRuns: 12 },
    );
    expect(answered).toBeGreaterThan(50);
  });
});
