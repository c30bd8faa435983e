import { type Static, Type } from 'typebox';

/**
 * An instrument (PHQ-9, GAD-7, C-SSRS screener, …) defined once as data: items, answer options, scoring, severity
 * bands, codes and safety triggers. Shipped instruments live in `instruments/`; a clinic can load its own
 * definition at run time, checked by `validateInstrument` (core.ts) before use.
 */

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const LinkId = Type.String({ minLength: 1, maxLength: 64 });
const Text = Type.String({ minLength: 1, maxLength: 2000 });

/** A LOINC code (`44261-6`), or null where none exists or it could not be verified: a wrong code is worse than none. */
const LoincCode = Type.Union([Type.String({ pattern: '^\\d{1,7}-\\d$' }), Type.Null()]);
/** A LOINC answer code (`LA6568-5`), or null where none is known. */
const LoincAnswerCode = Type.Union([Type.String({ pattern: '^LA\\d{1,7}-\\d$' }), Type.Null()]);

export const AnswerOption = Type.Object(
  { value: Type.Integer(), display: Text, loinc: LoincAnswerCode },
  { additionalProperties: false },
);

/** The item is asked only when an earlier item was answered with this value (all conditions must hold). */
export const EnableWhen = Type.Object(
  { question: LinkId, answer: Type.Integer() },
  { additionalProperties: false },
);

export const Item = Type.Object(
  {
    linkId: LinkId,
    /** The number printed on the form ("9"), shown before the text. */
    prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 8 })),
    /** Exactly as published: a reworded item is no longer the validated instrument. */
    text: Text,
    loinc: LoincCode,
    /** A choice item has answer options; an item with a range takes a whole number (a clinician-entered total). */
    answers: Type.Optional(Type.Array(AnswerOption, { minItems: 2, maxItems: 20 })),
    range: Type.Optional(
      Type.Object({ minimum: Type.Integer(), maximum: Type.Integer() }, { additionalProperties: false }),
    ),
    /** Counted in the total (false for e.g. the PHQ-9 difficulty question). */
    scored: Type.Boolean(),
    /** An item that must never be prorated over: a score without it is invalid (PHQ-9 item 9). */
    neverProrated: Type.Optional(Type.Boolean()),
    enableWhen: Type.Optional(Type.Array(EnableWhen, { minItems: 1 })),
  },
  { additionalProperties: false },
);

/** The value of "yes" on a yes/no item, which risk rules look for. */
export const YES = 1;

export type RiskLevel = 'high' | 'moderate' | 'low' | 'none';

export const Scoring = Type.Union([
  /** Sum of the scored items; up to `prorateAtMost` unanswered items are prorated, more make the score invalid. */
  Type.Object(
    { method: Type.Literal('sum'), prorateAtMost: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
  /** The clinician enters the total in one item with a range (a rating such as CADSS). */
  Type.Object({ method: Type.Literal('entered-total'), item: LinkId }, { additionalProperties: false }),
  /** Yes/no answers mapped to a risk level: the first rule with any "yes" (value 1) among its items wins. */
  Type.Object(
    {
      method: Type.Literal('risk-rules'),
      rules: Type.Array(
        Type.Object(
          {
            level: Type.Union([Type.Literal('high'), Type.Literal('moderate'), Type.Literal('low')]),
            anyYes: Type.Array(LinkId, { minItems: 1 }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    },
    { additionalProperties: false },
  ),
]);

export const Band = Type.Object(
  { from: Type.Integer(), to: Type.Integer(), label: Type.String({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
);

export const SafetyTrigger = Type.Object(
  {
    id: Id,
    when: Type.Union([
      Type.Object({ linkId: LinkId, atLeast: Type.Integer() }, { additionalProperties: false }),
      Type.Object({ linkId: LinkId, atMost: Type.Integer() }, { additionalProperties: false }),
      Type.Object(
        {
          riskLevelIn: Type.Array(Type.Union([Type.Literal('high'), Type.Literal('moderate')]), {
            minItems: 1,
          }),
        },
        { additionalProperties: false },
      ),
    ]),
    /** What the care team is told when it fires. */
    message: Text,
    /** Show crisis resources (988, 911) to the person at once, before anything else. */
    crisisResources: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const InstrumentDefinition = Type.Object(
  {
    id: Id,
    version: Type.String({ pattern: '^\\d+(\\.\\d+){0,2}$' }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union([Type.Literal('patient-reported'), Type.Literal('clinician-rated')]),
    recallPeriod: Type.Union([Type.String({ minLength: 1, maxLength: 80 }), Type.Null()]),
    /** The stem printed above the items ("Over the last 2 weeks, how often …"). */
    instructions: Type.Union([Text, Type.Null()]),
    copyright: Text,
    loinc: Type.Object({ panel: LoincCode, total: LoincCode }, { additionalProperties: false }),
    items: Type.Array(Item, { minItems: 1, maxItems: 200 }),
    scoring: Scoring,
    /** Contiguous, covering the whole score range; empty when the instrument has no published bands. */
    bands: Type.Array(Band),
    /** Remission is a total strictly below this value (PHQ-9 < 5); null when the instrument has none. */
    remissionBelow: Type.Union([Type.Integer(), Type.Null()]),
    safetyTriggers: Type.Array(SafetyTrigger),
    /** Where the wording, codes and rules were checked, for a reviewer. */
    source: Text,
  },
  { additionalProperties: false },
);

export type AnswerOption = Static<typeof AnswerOption>;
export type Item = Static<typeof Item>;
export type Scoring = Static<typeof Scoring>;
export type Band = Static<typeof Band>;
export type SafetyTrigger = Static<typeof SafetyTrigger>;
export type InstrumentDefinition = Static<typeof InstrumentDefinition>;

/** A response as values by linkId: the option value for a choice item, the number for a range item. */
export type Answers = Readonly<Record<string, number>>;
