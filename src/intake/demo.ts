import { eq } from 'drizzle-orm';
import { staff } from '../identity/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { rescreen } from '../screening/service.js';
import { proposeFacts } from './core.js';
import { recordReviewedFacts } from './fact-service.js';
import type { IntakeContent, RegistrationDetails } from './model.js';
import { insertProfile } from './registration-service.js';
import { intakeDraft, intakeSubmission } from './schema.js';

const DAY_MS = 86_400_000;

/** Obviously synthetic registration details (555-01xx numbers, example.invalid, a made-up payer). */
const demoDetails: RegistrationDetails = {
  givenName: 'Alpha',
  familyName: 'Demo-Patient',
  preferredName: 'Alpha',
  birthDate: '1980-01-01',
  sexAtBirth: 'female',
  genderIdentity: 'woman',
  pronouns: 'she/her',
  phone: '(217) 555-0142',
  email: 'patient@demo-clinic.example',
  address: { line1: '42 Sample Lane', city: 'Springfield', state: 'IL', postalCode: '62701' },
  emergencyContact: { name: 'Beta Demo-Contact', phone: '(217) 555-0143', relationship: 'sister' },
  escorts: [{ name: 'Gamma Demo-Driver', phone: '(217) 555-0144', relationship: 'partner' }],
  payer: {
    kind: 'insurance',
    plans: [{ payerName: 'Example Health Plan (synthetic)', memberId: 'DEMO0001' }],
  },
  referringClinician: { name: 'Dr Demo Referrer', practice: 'Example Family Practice' },
  treatingTherapist: { name: 'Demo Therapist Teri' },
};

/**
 * The demo patient's intake: recurrent severe depression (F33.2) after two antidepressant trials and CBT, taking
 * an SSRI and a low-dose benzodiazepine at night; height and weight. Reviewed by the demo nurse.
 */
const demoIntake: IntakeContent = {
  diagnoses: [{ icd10: 'F33.2', sinceYear: 2012 }],
  priorTreatments: {
    antidepressants: [
      { rxnorm: '36437', dose: '150 mg daily', durationWeeks: 12, outcome: 'none' },
      { rxnorm: '42347', dose: '300 mg daily', durationWeeks: 10, outcome: 'partial' },
    ],
    psychotherapy: { tried: 'yes', details: 'CBT, 16 sessions', durationWeeks: 16, outcome: 'partial' },
    tms: { tried: 'no' },
    ect: { tried: 'no' },
    ketamine: { tried: 'no' },
    esketamine: { tried: 'no' },
  },
  psychiatricHistory: { psychosis: 'never', mania: 'never', dissociativeDisorder: 'never' },
  substanceUse: {
    alcohol: 'never',
    cannabis: 'never',
    stimulants: 'never',
    opioids: 'never',
    sedatives: 'never',
    ketamineMisuse: 'never',
    other: 'never',
  },
  medicalHistory: {
    hypertension: 'no',
    heartDisease: 'no',
    heartAttack: 'no',
    stroke: 'no',
    aneurysm: 'no',
    arteriovenousMalformation: 'no',
    intracranialBleed: 'no',
    raisedIntracranialPressure: 'no',
    brainTumour: 'no',
    glaucoma: 'no',
    seizures: 'no',
    liverDisease: 'no',
    hyperthyroidism: 'no',
    porphyria: 'no',
    interstitialCystitis: 'no',
    sleepApnoea: 'no',
    pregnant: 'no',
    breastFeeding: 'no',
  },
  medications: [
    { rxnorm: '321988', doseMg: 20, timesPerDay: 1 },
    { rxnorm: '6470', doseMg: 0.5, timesPerDay: 1, doseText: 'at night' },
  ],
  noKnownAllergies: true,
  height: { value: 168, unit: 'cm' },
  weight: { value: 72, unit: 'kg' },
};

/** Registration (version 1), the submitted and reviewed intake with its facts, and a screening run. */
export async function addDemoIntake(
  tx: Tx,
  clock: Clock,
  ids: { clinicId: string; patientId: string },
): Promise<void> {
  const now = clock.now().getTime();
  const ago = (days: number) => new Date(now - days * DAY_MS);
  const { clinicId, patientId } = ids;
  const [frontDesk] = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'frontdesk@demo-clinic.example'));
  const [nurse] = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.email, 'nurse@demo-clinic.example'));

  await insertProfile(
    tx,
    { now: () => ago(56) },
    {
      clinicId,
      patientId,
      version: 1,
      details: demoDetails,
      staffId: frontDesk?.id ?? null,
    },
  );
  await tx
    .insert(intakeDraft)
    .values({ clinicId, patientId, content: demoIntake, revision: 6, savedAt: ago(55) });
  const [submission] = await tx
    .insert(intakeSubmission)
    .values({ clinicId, patientId, content: demoIntake, submittedAt: ago(55) })
    .returning({ id: intakeSubmission.id });
  const reviewedAt = ago(54);
  await recordReviewedFacts(
    tx,
    {
      clinicId,
      patientId,
      staffId: nurse?.id ?? null,
      ctx: { now: reviewedAt, today: reviewedAt.toISOString().slice(0, 10) },
    },
    submission!.id,
    proposeFacts(demoIntake, ago(55).toISOString()),
  );
  await rescreen(tx, clock, clinicId, patientId, 'intake_reviewed');
}
