import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/demo.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { type SignedIn, signIn, totpAt } from '../testing/auth.js';
import { ledgerEntry, stockBalance } from './schema.js';
import { demoLogin, type LedgerFixture, ledgerFixture } from './test-fixture.js';

/**
 * PostgreSQL only: many clients dispensing and wasting from the same lot at once, on a pool of connections. The
 * balance must end exactly at what the accepted entries add up to, never below zero, and every refusal must be a
 * clear 409 with nothing written.
 */
let t: TestApp;
let f: LedgerFixture;
let noor: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  f = await ledgerFixture(t);
  t.clock.advance(31_000);
  noor = await signIn(t.app, {
    email: 'nurse2@demo-clinic.example',
    password: DEMO_PASSWORD,
    totp: await totpAt(demoLogin('nurse2@demo-clinic.example').totpSecret!, t.clock),
  });
  await f.stepUp(noor, 'nurse2@demo-clinic.example');
});
afterAll(async () => t?.close());

const credentials = async (email: string) => ({
  email,
  password: DEMO_PASSWORD,
  totp: await totpAt(demoLogin(email).totpSecret!, t.clock),
});

describe('racing withdrawals from one lot', () => {
  it('never overdraws, keeps balance = sum of entries, and answers every refusal with a 409', async () => {
    expect(t.database.engine).toBe('postgres');
    for (let round = 0; round < 3; round++) {
      const received = await f.post('/ledger/receipts', {
        locationId: f.safeId,
        productId: f.productId,
        lotNumber: `RACE-${round}`,
        lotExpiresOn: `${t.clock.now().getUTCFullYear() + 2}-01-31`,
        containers: 1,
        supplier: { name: 'Synthetic Pharma Supply', address: '1 Depot Way', deaNumber: 'RS0000001' },
        invoiceNumber: `RACE-${round}`,
        occurredAt: f.at(),
      });
      expect(received.statusCode, received.body).toBe(201);
      const lotId: string = received.json().lotId;
      const onHand: number = received.json().quantity;
      // Every witness code is fresh in this 30-second step: each person witnesses at most once per round.
      t.clock.advance(31_000);
      const dispense = (quantity: number, who: SignedIn) =>
        f.post(
          '/ledger/dispenses',
          {
            lotId,
            locationId: f.safeId,
            appointmentId: f.appointmentId,
            orderId: f.orderId,
            quantity,
            occurredAt: f.at(),
          },
          who,
        );
      const waste = async (quantity: number, who: SignedIn, witnessEmail: string) =>
        f.post(
          '/ledger/wastes',
          {
            lotId,
            locationId: f.safeId,
            quantity,
            reason: 'vial cracked while drawing up',
            method: 'drug disposal pouch',
            witness: await credentials(witnessEmail),
            occurredAt: f.at(),
          },
          who,
        );
      const attempts = await Promise.all([
        ...Array.from({ length: 13 }, (_, i) =>
          dispense(2500, i % 2 ? f.nurse : noor).then((r) => ({ r, quantity: 2500 })),
        ),
        waste(1500, f.nurse, 'nurse2@demo-clinic.example').then((r) => ({ r, quantity: 1500 })),
        waste(1500, noor, 'nurse@demo-clinic.example').then((r) => ({ r, quantity: 1500 })),
        waste(1500, f.nurse, 'prescriber@demo-clinic.example').then((r) => ({ r, quantity: 1500 })),
      ]);
      const accepted = attempts.filter(({ r }) => r.statusCode === 201);
      const refused = attempts.filter(({ r }) => r.statusCode !== 201);
      for (const { r } of refused) {
        expect(r.statusCode, r.body).toBe(409);
        expect(r.json().detail).toMatch(/cannot be (dispensed|wasted)|not enough is left/);
      }
      expect(refused.length).toBeGreaterThan(0);
      const taken = accepted.reduce((sum, { quantity }) => sum + quantity, 0);
      expect(taken).toBeLessThanOrEqual(onHand);
      const [balance] = await t.database.db
        .select({ quantity: stockBalance.quantity })
        .from(stockBalance)
        .where(and(eq(stockBalance.lotId, lotId), eq(stockBalance.locationId, f.safeId)));
      expect(balance!.quantity).toBe(onHand - taken);
      const [{ total, entries }] = (await t.database.db
        .select({ total: sql<string>`sum(${ledgerEntry.balanceChange})`, entries: sql<string>`count(*)` })
        .from(ledgerEntry)
        .where(eq(ledgerEntry.lotId, lotId))) as [{ total: string; entries: string }];
      expect(Number(total)).toBe(balance!.quantity);
      // the receipt and exactly the accepted attempts: a refusal wrote nothing
      expect(Number(entries)).toBe(1 + accepted.length);
      t.clock.advance(31_000);
    }
  });
});
