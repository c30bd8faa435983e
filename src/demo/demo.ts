import { eq } from 'drizzle-orm';
import { addDemoConsent } from '../consent/demo.js';
import { addDemoCourse } from '../course/demo.js';
import type { Role } from '../identity/actor.js';
import { hashPassword } from '../identity/crypto.js';
import { patientAccount, staff } from '../identity/schema.js';
import { insertStaff } from '../identity/staff-service.js';
import { addDemoIntake } from '../intake/demo.js';
import { addDemoInventory } from '../inventory/demo.js';
import { addDemoMeasures } from '../measures/demo.js';
import { addDemoOrder } from '../order/demo.js';
import { organisation } from '../organisation/schema.js';
import { createOrganisationWithClinic, hasAnyOrganisation } from '../organisation/service.js';
import { patient } from '../patient/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/db/database.js';
import { addDemoProtocols } from '../protocol/demo.js';
import { addDemoReminders } from '../reminder/demo.js';
import { addDemoSchedule } from '../schedule/demo.js';

/**
 * The `small` demo: one clearly synthetic clinic with a demo login for every role and one demo patient. Every
 * name in it is obviously fake so nobody mistakes it for a real record. Later modules add their demo rows here.
 */
export const demoOrganisationName = 'Demo Health Partners (synthetic data)';

/** One password for every demo login: demo only, printed at start. */
export const DEMO_PASSWORD = 'ketacare-demo-only';

export interface DemoLogin {
  role: Role | 'patient';
  name: string;
  email: string;
  password: string;
  /** Base32 TOTP secret for roles that must use an authenticator (add it to any authenticator app). */
  totpSecret: string | null;
}

export const demoLogins: DemoLogin[] = [
  {
    role: 'owner',
    name: 'Demo Owner Olive',
    email: 'owner@demo-clinic.example',
    totpSecret: 'BB3EPTKIG55FBKVCQTHMG2KMU33L5EVN',
  },
  {
    role: 'prescriber',
    name: 'Dr Demo Prescriber Pat',
    email: 'prescriber@demo-clinic.example',
    totpSecret: 'N2WTB6AEEIBXSOSHGSSBT6OIJHFQ7CKK',
  },
  // Nurses step up to sign controlled-substance entries and witness each other's waste: both need an authenticator.
  {
    role: 'nurse',
    name: 'Demo Nurse Nico',
    email: 'nurse@demo-clinic.example',
    totpSecret: 'DADPABXL2HDVZB4WZLPHJV4YOYOZOB2R',
  },
  {
    role: 'nurse',
    name: 'Demo Nurse Noor',
    email: 'nurse2@demo-clinic.example',
    totpSecret: 'EZFXAK2C5Y7RC5FBG6QXTCMEX2V6GVEJ',
  },
  {
    role: 'front_desk',
    name: 'Demo Front Desk Frankie',
    email: 'frontdesk@demo-clinic.example',
    totpSecret: null,
  },
  {
    role: 'therapist',
    name: 'Demo Therapist Teri',
    email: 'therapist@demo-clinic.example',
    totpSecret: null,
  },
  {
    role: 'compliance',
    name: 'Demo Compliance Cam',
    email: 'compliance@demo-clinic.example',
    totpSecret: 'B7ID2SLWMA3ZSNUK3LOM4PSPU3WAICMT',
  },
  { role: 'patient', name: 'Demo Patient Alpha', email: 'patient@demo-clinic.example', totpSecret: null },
].map((login) => ({ ...login, role: login.role as DemoLogin['role'], password: DEMO_PASSWORD }));

export async function hasDemo(db: Queryable): Promise<boolean> {
  const rows = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(eq(organisation.name, demoOrganisationName));
  return rows.length > 0;
}

export async function loadDemo(database: Database, clock: Clock): Promise<{ loaded: boolean }> {
  if (await hasAnyOrganisation(database.db)) return { loaded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await database.transaction(async (tx) => {
    const { organisationId, clinic } = await createOrganisationWithClinic(
      database,
      clock,
      {
        organisationName: demoOrganisationName,
        clinic: {
          name: 'Demo Ketamine Clinic — Springfield',
          addressLine1: '123 Example Street',
          city: 'Springfield',
          state: 'IL',
          postalCode: '62701',
          timeZone: 'America/Chicago',
          phone: '(217) 555-0100',
        },
      },
      tx,
    );
    for (const login of demoLogins) {
      if (login.role === 'patient') continue;
      const person = await insertStaff(tx, clock, {
        organisationId,
        clinicId: clinic.id,
        fullName: login.name,
        email: login.email,
        roles: [login.role],
        passwordHash,
      });
      if (login.totpSecret)
        await tx.update(staff).set({ totpSecret: login.totpSecret }).where(eq(staff.id, person.id));
    }
    const [alpha] = await tx
      .insert(patient)
      .values({
        clinicId: clinic.id,
        givenName: 'Alpha',
        familyName: 'Demo-Patient',
        preferredName: 'Alpha',
        birthDate: '1980-01-01',
        // Registered eight weeks ago, so the demo chart has a history (measures below).
        createdAt: new Date(clock.now().getTime() - 56 * 86_400_000),
      })
      .returning({ id: patient.id });
    await tx.insert(patientAccount).values({
      clinicId: clinic.id,
      patientId: alpha!.id,
      email: 'patient@demo-clinic.example',
      passwordHash,
      passwordChangedAt: clock.now(),
      createdAt: clock.now(),
    });
    await addDemoIntake(tx, clock, { clinicId: clinic.id, patientId: alpha!.id });
    await addDemoMeasures(tx, clock, { clinicId: clinic.id, patientId: alpha!.id });
    await addDemoConsent(tx, clock, {
      clinicId: clinic.id,
      patientId: alpha!.id,
      typedName: 'Alpha Demo-Patient',
    });
    // Issue 6, in the order a clinic works: protocols, the course, its signed order, then bookings.
    const demo = { clinicId: clinic.id, patientId: alpha!.id };
    await addDemoProtocols(tx, clock, demo);
    await addDemoCourse(tx, clock, demo);
    await addDemoOrder(tx, clock, demo);
    await addDemoSchedule(tx, clock, demo);
    await addDemoReminders(tx, clock, demo);
    await addDemoInventory(tx, clock, demo);
  });
  return { loaded: true };
}
