import { type Static, type TSchema, Type } from 'typebox';

/**
 * API shapes for intake, shared by server and UI: registration details (versioned profile), invitations, the
 * portal questionnaire (draft and submission), and the FHIR-shaped facts staff review it into. Requests are
 * closed; responses are allow-lists.
 *
 * Field-level 422s use JSON pointers: `/body/…` for request bodies; on `POST /portal/intake/submit` (no body)
 * the paths point into the draft content: `/content/medications/2/rxnorm`.
 */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const DateOnly = Type.String({ format: 'date' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength });
const closed = { additionalProperties: false } as const;

// ── Vocabularies ─────────────────────────────────────────────────────────────────────────────────────────────

/** The class the screening rules read from a medication. A free-text drug has none until staff class it. */
export const drugClasses = [
  'ssri',
  'snri',
  'tca',
  'maoi',
  /** bupropion */
  'ndri',
  /** mirtazapine */
  'nassa',
  /** trazodone */
  'sari',
  /** vortioxetine, vilazodone */
  'serotonin_modulator',
  'benzodiazepine',
  /** zolpidem, eszopiclone, zaleplon: other sedatives/hypnotics */
  'sedative_hypnotic',
  /** amphetamines, methylphenidate, modafinil, armodafinil */
  'stimulant',
  'opioid',
  /** lamotrigine (matched by its RxNorm code) */
  'anticonvulsant',
  /** theophylline, aminophylline */
  'methylxanthine',
  'lithium',
  'antipsychotic',
  /** ketamine, esketamine */
  'nmda_antagonist',
  'barbiturate',
  /** Strong CYP3A4/CYP2B6 inducers and inhibitors (rifampin, ketoconazole, ritonavir, clopidogrel…): DDI-CYP. */
  'cyp_strong_inducer',
  'cyp_strong_inhibitor',
  'opioid_antagonist',
  'other',
] as const;
export type DrugClass = (typeof drugClasses)[number];
export const DrugClassSchema = Type.Enum(drugClasses);

/** Which enzyme a strong inducer or inhibitor acts on (shown with the DDI-CYP finding). */
export const interactionTags = [
  'cyp3a4_inducer',
  'cyp3a4_inhibitor',
  'cyp2b6_inducer',
  'cyp2b6_inhibitor',
] as const;
export type InteractionTag = (typeof interactionTags)[number];

export const usStates = [
  ...['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY'],
  ...['LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND'],
  ...['OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY'],
  /** District of Columbia and the territories */
  ...['DC', 'AS', 'GU', 'MP', 'PR', 'VI'],
] as const;
export type UsState = (typeof usStates)[number];

export const sexesAtBirth = ['female', 'male', 'intersex', 'unknown'] as const;
export const conditionCategories = ['diagnosis', 'history'] as const;
export const factStatuses = ['active', 'inactive', 'entered-in-error'] as const;
export const factSources = ['intake', 'staff'] as const;
export const priorTreatmentKinds = [
  'antidepressant',
  'psychotherapy',
  'tms',
  'ect',
  'ketamine',
  'esketamine',
  'other',
] as const;
/** Outcome of a treatment tried before; 'partial' = some but under 50 % improvement, 'none' = ≤ 25 %. */
export const treatmentOutcomes = [
  'remission',
  'response',
  'partial',
  'none',
  'not_tolerated',
  'unknown',
] as const;
export const adequateDoseAnswers = ['yes', 'no', 'unknown'] as const;
/** What a measurement is; stored as LOINC in the smallest unit step (grams, millimetres, mmHg, beats/min). */
export const measureKinds = ['weight', 'height', 'systolic', 'diastolic', 'heart_rate'] as const;
export const measureUnits = ['kg', 'lb', 'g', 'cm', 'in', 'mm', 'mm[Hg]', '/min'] as const;

// ── Registration details (the versioned profile) ─────────────────────────────────────────────────────────────

/** US phone: 10 digits with optional +1 and common punctuation, e.g. "(555) 010-1234". Checked again in core. */
export const Phone = Type.String({ minLength: 7, maxLength: 30, pattern: '^[+0-9 ().-]+$' });
export const Email = Type.String({ format: 'email', maxLength: 254 });

export const Address = Type.Object(
  {
    line1: Text(200),
    line2: Type.Optional(Text(200, 0)),
    city: Text(100),
    /** Two letters: one of the 50 states, DC or a territory. */
    state: Type.String({ minLength: 2, maxLength: 2 }),
    /** ZIP or ZIP+4. */
    postalCode: Type.String({ pattern: '^[0-9]{5}(-[0-9]{4})?$' }),
  },
  closed,
);

/** A person to call, or to take the patient home after a session (an escort). */
export const ContactPerson = Type.Object({ name: Text(200), phone: Phone, relationship: Text(100) }, closed);

export const InsurancePlan = Type.Object(
  {
    payerName: Text(200),
    memberId: Type.String({ minLength: 1, maxLength: 64 }),
    groupNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    subscriberName: Type.Optional(Text(200)),
  },
  closed,
);

/** Who pays: the patient, or insurance (primary first). */
export const Payer = Type.Union([
  Type.Object({ kind: Type.Literal('self_pay') }, closed),
  Type.Object(
    { kind: Type.Literal('insurance'), plans: Type.Array(InsurancePlan, { minItems: 1, maxItems: 3 }) },
    closed,
  ),
]);

export const Clinician = Type.Object(
  {
    name: Text(200),
    practice: Type.Optional(Text(200)),
    phone: Type.Optional(Phone),
    /** National Provider Identifier: 10 digits. */
    npi: Type.Optional(Type.String({ pattern: '^[0-9]{10}$' })),
  },
  closed,
);

/** Everything front desk (or the patient through an invitation) records at registration. */
export const RegistrationDetails = Type.Object(
  {
    givenName: Text(100),
    familyName: Text(100),
    middleName: Type.Optional(Text(100)),
    preferredName: Type.Optional(Text(100)),
    /** A real date in the past; the patient must be younger than 120. */
    birthDate: DateOnly,
    sexAtBirth: Type.Enum(sexesAtBirth),
    /** In the patient's own words. */
    genderIdentity: Type.Optional(Text(100)),
    pronouns: Type.Optional(Text(50)),
    phone: Phone,
    email: Type.Optional(Email),
    address: Address,
    emergencyContact: ContactPerson,
    /** Adults who may take the patient home after a session (0–5). */
    escorts: Type.Array(ContactPerson, { maxItems: 5 }),
    payer: Payer,
    referringClinician: Type.Optional(Clinician),
    treatingPsychiatrist: Type.Optional(Clinician),
    treatingTherapist: Type.Optional(Clinician),
  },
  closed,
);
export type RegistrationDetails = Static<typeof RegistrationDetails>;

export const ProfileView = Type.Object({
  patientId: Uuid,
  version: Type.Integer(),
  details: RegistrationDetails,
  recordedAt: DateTime,
  /** The staff member who recorded this version; null when the patient did (portal or invitation). */
  recordedByStaff: Nullable(Uuid),
});
export type ProfileView = Static<typeof ProfileView>;

/** POST /clinics/:clinicId/patients */
export const RegisterBody = RegistrationDetails;
export const RegisteredPatient = Type.Object({ patientId: Uuid, profile: ProfileView });
export type RegisteredPatient = Static<typeof RegisteredPatient>;

/**
 * PUT …/profile and PUT /portal/profile: a new version; `version` is the one the change started from (0 when the
 * patient has none yet); a stale one → 409.
 */
export const ProfileUpdateBody = Type.Object(
  { version: Type.Integer({ minimum: 0 }), details: RegistrationDetails },
  closed,
);
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

// ── Invitations ──────────────────────────────────────────────────────────────────────────────────────────────

/** POST /clinics/:clinicId/invitations: `patientId` when front desk registered the patient first. */
export const InvitationBody = Type.Object({ email: Email, patientId: Type.Optional(Uuid) }, closed);
export type InvitationBody = Static<typeof InvitationBody>;

export const NewInvitation = Type.Object({
  invitationId: Uuid,
  /** Path of the portal page that accepts it (`/portal/join/<token>`); shown once, only its hash is stored. */
  link: Type.String(),
  expiresAt: DateTime,
});
export type NewInvitation = Static<typeof NewInvitation>;

export const InvitationTokenParams = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) },
  closed,
);

/** GET /portal/invitations/:token. `prefill` only when front desk registered the patient: names only. */
export const InvitationView = Type.Object({
  clinicName: Type.String(),
  email: Type.String(),
  expiresAt: DateTime,
  prefill: Nullable(
    Type.Object({
      givenName: Type.String(),
      familyName: Type.String(),
      preferredName: Nullable(Type.String()),
    }),
  ),
});
export type InvitationView = Static<typeof InvitationView>;

/**
 * POST /portal/invitations/:token/accept. The portal account's email is the invited one. For a patient front
 * desk registered already, `details.birthDate` must match the registration (422 at /body/details/birthDate).
 * Answer: the same as /api/portal/auth/login (session cookie set).
 */
export const AcceptInvitationBody = Type.Object(
  { details: RegistrationDetails, password: Type.String({ minLength: 1, maxLength: 256 }) },
  closed,
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;

// ── The portal intake questionnaire ──────────────────────────────────────────────────────────────────────────
// Every field is optional and values are not range-checked while the patient types: the draft keeps exactly
// what they entered. Submitting checks completeness, ranges and codes (422 with /content/… paths).

const Answer = Type.Optional(Type.String({ maxLength: 2000 }));
const AnyNumber = Type.Optional(Type.Number());
/** Yes / no / not sure for a history question. */
export const yesNoUnsure = ['yes', 'no', 'unsure'] as const;
const YesNo = Type.Optional(Type.Enum(yesNoUnsure));
/** Never / in the past / now, for psychiatric history and substance use. */
export const whenAnswers = ['never', 'past', 'current', 'unsure'] as const;
const When = Type.Optional(Type.Enum(whenAnswers));

export const IntakeDiagnosis = Type.Object(
  {
    /** From the condition code list; else `text` in the patient's words. */
    icd10: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    text: Answer,
    /** Year first diagnosed, if known. */
    sinceYear: AnyNumber,
  },
  closed,
);

export const IntakeAntidepressantTrial = Type.Object(
  {
    /** From the medication table; else `name` as typed. */
    rxnorm: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    name: Answer,
    dose: Answer,
    durationWeeks: AnyNumber,
    outcome: Type.Optional(Type.Enum(treatmentOutcomes)),
  },
  closed,
);

/** Psychotherapy, TMS, ECT, ketamine or esketamine tried before. */
export const IntakeTreatmentTried = Type.Object(
  {
    tried: YesNo,
    /** e.g. "CBT, 20 sessions", "right unilateral, 12 treatments". */
    details: Answer,
    durationWeeks: AnyNumber,
    outcome: Type.Optional(Type.Enum(treatmentOutcomes)),
  },
  closed,
);

export const IntakePriorTreatments = Type.Object(
  {
    antidepressants: Type.Optional(Type.Array(IntakeAntidepressantTrial, { maxItems: 30 })),
    psychotherapy: Type.Optional(IntakeTreatmentTried),
    tms: Type.Optional(IntakeTreatmentTried),
    ect: Type.Optional(IntakeTreatmentTried),
    ketamine: Type.Optional(IntakeTreatmentTried),
    esketamine: Type.Optional(IntakeTreatmentTried),
  },
  closed,
);

export const IntakePsychiatricHistory = Type.Object(
  {
    psychosis: When,
    mania: When,
    dissociativeDisorder: When,
    details: Answer,
  },
  closed,
);

export const IntakeSubstanceUse = Type.Object(
  {
    alcohol: When,
    cannabis: When,
    stimulants: When,
    opioids: When,
    sedatives: When,
    /** Ketamine used other than as prescribed. */
    ketamineMisuse: When,
    other: When,
    details: Answer,
  },
  closed,
);

/** The medical-history checklist; each "yes" becomes a coded history condition at review. */
export const medicalHistoryItems = [
  'hypertension',
  'heartDisease',
  'heartAttack',
  'stroke',
  'aneurysm',
  'arteriovenousMalformation',
  'intracranialBleed',
  'raisedIntracranialPressure',
  'brainTumour',
  'glaucoma',
  'seizures',
  'liverDisease',
  'hyperthyroidism',
  'porphyria',
  'interstitialCystitis',
  'sleepApnoea',
  'pregnant',
  'breastFeeding',
] as const;
export type MedicalHistoryItem = (typeof medicalHistoryItems)[number];

export const IntakeMedicalHistory = Type.Object(
  {
    ...(Object.fromEntries(medicalHistoryItems.map((item) => [item, YesNo])) as Record<
      MedicalHistoryItem,
      typeof YesNo
    >),
    details: Answer,
  },
  closed,
);

export const IntakeMedication = Type.Object(
  {
    /** From the medication table; else `name` as typed (staff class it later — it is never dropped). */
    rxnorm: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    name: Answer,
    /** Amount per dose in mg and doses per day: together the daily dose the rules need. */
    doseMg: AnyNumber,
    timesPerDay: AnyNumber,
    asNeeded: Type.Optional(Type.Boolean()),
    /** Anything else about the dose, as typed. */
    doseText: Answer,
  },
  closed,
);

export const IntakeAllergy = Type.Object(
  { substance: Answer, rxnorm: Type.Optional(Nullable(Type.String({ maxLength: 20 }))), reaction: Answer },
  closed,
);

export const IntakeHeight = Type.Object(
  { value: AnyNumber, unit: Type.Optional(Type.Enum(['cm', 'in'] as const)) },
  closed,
);
export const IntakeWeight = Type.Object(
  { value: AnyNumber, unit: Type.Optional(Type.Enum(['kg', 'lb'] as const)) },
  closed,
);

export const IntakeContent = Type.Object(
  {
    diagnoses: Type.Optional(Type.Array(IntakeDiagnosis, { maxItems: 20 })),
    priorTreatments: Type.Optional(IntakePriorTreatments),
    psychiatricHistory: Type.Optional(IntakePsychiatricHistory),
    substanceUse: Type.Optional(IntakeSubstanceUse),
    medicalHistory: Type.Optional(IntakeMedicalHistory),
    /** True when the patient takes no medicines at all (so an empty list is an answer). */
    noMedications: Type.Optional(Type.Boolean()),
    medications: Type.Optional(Type.Array(IntakeMedication, { maxItems: 50 })),
    noKnownAllergies: Type.Optional(Type.Boolean()),
    allergies: Type.Optional(Type.Array(IntakeAllergy, { maxItems: 30 })),
    height: Type.Optional(IntakeHeight),
    weight: Type.Optional(IntakeWeight),
  },
  closed,
);
export type IntakeContent = Static<typeof IntakeContent>;

export const intakeStatuses = ['not_started', 'draft', 'submitted', 'reviewed'] as const;

/** GET /portal/intake */
export const PortalIntake = Type.Object({
  content: IntakeContent,
  /** 0 before the first save; send it back with the next save. */
  revision: Type.Integer(),
  savedAt: Nullable(DateTime),
  /** When the latest submission was sent, if ever. */
  submittedAt: Nullable(DateTime),
  status: Type.Enum(intakeStatuses),
});
export type PortalIntake = Static<typeof PortalIntake>;

/** PUT /portal/intake: autosave; a stale revision → 409 (another tab saved first). */
export const IntakeDraftBody = Type.Object(
  { content: IntakeContent, revision: Type.Integer({ minimum: 0 }) },
  closed,
);
export type IntakeDraftBody = Static<typeof IntakeDraftBody>;
export const SavedDraft = Type.Object({ revision: Type.Integer(), savedAt: DateTime });

/** POST /portal/intake/submit → 201 */
export const SubmittedIntake = Type.Object({ submissionId: Uuid, submittedAt: DateTime });

// ── Facts (staff) ────────────────────────────────────────────────────────────────────────────────────────────

const Note = Type.Optional(Text(2000));

/** POST …/conditions. The display text comes from the code list; an unknown code → 422 at /body/icd10. */
export const NewCondition = Type.Object(
  {
    icd10: Type.String({ minLength: 3, maxLength: 10 }),
    category: Type.Enum(conditionCategories),
    onset: Type.Optional(DateOnly),
    note: Note,
  },
  closed,
);
export type NewCondition = Static<typeof NewCondition>;

/**
 * POST …/medications. With `rxnorm` (from the medication table) name and class come from the table; without it,
 * `name` is required and `drugClass` may be left out for staff to class later.
 */
export const NewMedication = Type.Object(
  {
    rxnorm: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
    name: Type.Optional(Text(200)),
    drugClass: Type.Optional(Nullable(DrugClassSchema)),
    doseText: Type.Optional(Text(200)),
    /** Total per day in mg (e.g. 1 mg lorazepam twice a day = 2). */
    dailyDoseMg: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }))),
    startedOn: Type.Optional(DateOnly),
    note: Note,
  },
  closed,
);
export type NewMedication = Static<typeof NewMedication>;

export const NewAllergy = Type.Object(
  {
    substance: Text(200),
    rxnorm: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
    reaction: Type.Optional(Text(500)),
    note: Note,
  },
  closed,
);
export type NewAllergy = Static<typeof NewAllergy>;

export const NewPriorTreatment = Type.Object(
  {
    kind: Type.Enum(priorTreatmentKinds),
    /** For an antidepressant from the medication table: name and class come from it. */
    rxnorm: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
    name: Type.Optional(Text(200)),
    drugClass: Type.Optional(Nullable(DrugClassSchema)),
    doseText: Type.Optional(Text(200)),
    durationWeeks: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 2000 }))),
    outcome: Type.Enum(treatmentOutcomes),
    adequateDose: Type.Optional(Nullable(Type.Enum(adequateDoseAnswers))),
    note: Note,
  },
  closed,
);
export type NewPriorTreatment = Static<typeof NewPriorTreatment>;

/** Weight in kg/lb/g, height in cm/in/mm, blood pressure in mm[Hg], heart rate in /min; must be above 0. */
export const NewMeasurement = Type.Object(
  {
    measure: Type.Enum(measureKinds),
    value: Type.Number(),
    unit: Type.Enum(measureUnits),
    /** Default now; never in the future. */
    effectiveAt: Type.Optional(DateTime),
    note: Note,
  },
  closed,
);
export type NewMeasurement = Static<typeof NewMeasurement>;

const Reason = Text(1000, 3);
/**
 * A correction is a new row naming the one it replaces: `amend` changes the listed fields (others are kept),
 * `stop` marks it inactive (stopped, resolved), `entered-in-error` retracts it. A fact already replaced → 409.
 */
const correctionOf = <T extends TSchema & { properties: Record<string, TSchema> }>(
  fact: T,
  stoppable = true,
) =>
  Type.Union([
    Type.Object(
      {
        kind: Type.Literal('amend'),
        reason: Reason,
        ...Object.fromEntries(Object.entries(fact.properties).map(([k, v]) => [k, Type.Optional(v)])),
      },
      closed,
    ),
    ...(stoppable ? [Type.Object({ kind: Type.Literal('stop'), reason: Reason }, closed)] : []),
    Type.Object({ kind: Type.Literal('entered-in-error'), reason: Reason }, closed),
  ]);

export const ConditionCorrection = correctionOf(NewCondition);
export const MedicationCorrection = correctionOf(NewMedication);
export const AllergyCorrection = correctionOf(NewAllergy);
export const PriorTreatmentCorrection = correctionOf(NewPriorTreatment);
export const MeasurementCorrection = correctionOf(NewMeasurement, false);
export type CorrectionKind = 'amend' | 'stop' | 'entered-in-error';
export type FactCorrection<T> =
  | ({ kind: 'amend'; reason: string } & Partial<T>)
  | { kind: 'stop' | 'entered-in-error'; reason: string };

/** Columns every fact view shares. */
const factView = {
  id: Uuid,
  status: Type.Enum(factStatuses),
  source: Type.Enum(factSources),
  intakeSubmissionId: Nullable(Uuid),
  recordedBy: Nullable(Uuid),
  recordedAt: DateTime,
  replacesId: Nullable(Uuid),
  note: Nullable(Type.String()),
};

export const ConditionView = Type.Object({
  ...factView,
  icd10: Type.String(),
  display: Type.String(),
  category: Type.Enum(conditionCategories),
  onset: Nullable(DateOnly),
});
export type ConditionView = Static<typeof ConditionView>;

export const MedicationView = Type.Object({
  ...factView,
  rxnorm: Nullable(Type.String()),
  name: Type.String(),
  drugClass: Nullable(Type.String()),
  doseText: Nullable(Type.String()),
  dailyDoseMicrograms: Nullable(Type.Integer()),
  startedOn: Nullable(DateOnly),
});
export type MedicationView = Static<typeof MedicationView>;

export const AllergyView = Type.Object({
  ...factView,
  substance: Type.String(),
  rxnorm: Nullable(Type.String()),
  reaction: Nullable(Type.String()),
});
export type AllergyView = Static<typeof AllergyView>;

export const PriorTreatmentView = Type.Object({
  ...factView,
  kind: Type.String(),
  rxnorm: Nullable(Type.String()),
  name: Type.String(),
  drugClass: Nullable(Type.String()),
  doseText: Nullable(Type.String()),
  durationWeeks: Nullable(Type.Integer()),
  outcome: Type.String(),
  adequateDose: Nullable(Type.String()),
});
export type PriorTreatmentView = Static<typeof PriorTreatmentView>;

export const MeasurementView = Type.Object({
  ...factView,
  measure: Type.Enum(measureKinds),
  loinc: Type.String(),
  /** grams, millimetres, mmHg or beats/min. */
  value: Type.Integer(),
  unit: Type.String(),
  effectiveAt: DateTime,
});
export type MeasurementView = Static<typeof MeasurementView>;

/** The patient's current facts: the latest version of each, stopped ones included, entered-in-error left out. */
export const Facts = Type.Object({
  conditions: Type.Array(ConditionView),
  medications: Type.Array(MedicationView),
  allergies: Type.Array(AllergyView),
  priorTreatments: Type.Array(PriorTreatmentView),
  measurements: Type.Array(MeasurementView),
});
export type Facts = Static<typeof Facts>;

/** What review will record from a submission; staff may edit it and send it back with the review. */
export const ProposedFacts = Type.Object(
  {
    conditions: Type.Array(NewCondition, { maxItems: 100 }),
    medications: Type.Array(NewMedication, { maxItems: 100 }),
    allergies: Type.Array(NewAllergy, { maxItems: 100 }),
    priorTreatments: Type.Array(NewPriorTreatment, { maxItems: 100 }),
    measurements: Type.Array(NewMeasurement, { maxItems: 20 }),
  },
  closed,
);
export type ProposedFacts = Static<typeof ProposedFacts>;

export const SubmissionView = Type.Object({
  id: Uuid,
  submittedAt: DateTime,
  content: IntakeContent,
  reviewedAt: Nullable(DateTime),
  reviewedBy: Nullable(Uuid),
  /** For an unreviewed submission: the facts review would record (answers mapped to codes). */
  proposed: Nullable(ProposedFacts),
});
export type SubmissionView = Static<typeof SubmissionView>;

/** GET /clinics/:clinicId/patients/:patientId/intake: submissions newest first, and the facts. */
export const StaffIntakeView = Type.Object({
  submissions: Type.Array(SubmissionView),
  facts: Facts,
});
export type StaffIntakeView = Static<typeof StaffIntakeView>;

/** POST …/intake/:submissionId/review. Without `facts`, the proposal is recorded as is. */
export const ReviewBody = Type.Object({ facts: Type.Optional(ProposedFacts) }, closed);
export type ReviewBody = Static<typeof ReviewBody>;
export const ReviewResult = Type.Object({ submissionId: Uuid, reviewedAt: DateTime, facts: Facts });

export const factKinds = [
  'conditions',
  'medications',
  'allergies',
  'prior-treatments',
  'measurements',
] as const;
export type FactKind = (typeof factKinds)[number];

export const FactParams = Type.Object({ clinicId: Uuid, patientId: Uuid, factId: Uuid }, closed);
export const SubmissionParams = Type.Object({ clinicId: Uuid, patientId: Uuid, submissionId: Uuid }, closed);

// ── Code lists ───────────────────────────────────────────────────────────────────────────────────────────────

export const CodeSearch = Type.Object(
  { search: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  closed,
);

export const ConditionCodeView = Type.Object({
  code: Type.String(),
  display: Type.String(),
  group: Type.String(),
});
export type ConditionCodeView = Static<typeof ConditionCodeView>;
export const ConditionCodeList = Type.Object({ codes: Type.Array(ConditionCodeView) });

export const MedicationEntryView = Type.Object({
  rxnorm: Nullable(Type.String()),
  name: Type.String(),
  drugClass: Type.String(),
  /** mg of diazepam equivalent to 1 mg of this drug (benzodiazepines only). */
  diazepamEquivalentFactor: Nullable(Type.Number()),
  interactions: Type.Array(Type.String()),
});
export type MedicationEntryView = Static<typeof MedicationEntryView>;
export const MedicationEntryList = Type.Object({ medications: Type.Array(MedicationEntryView) });
