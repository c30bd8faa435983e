/**
 * Pure FHIR R4 export of instruments (Questionnaire), responses (QuestionnaireResponse) and scores
 * (Observation, category survey). Codes come only from the definition: nothing is coded that was not verified.
 */
import type {
  CodeableConcept,
  Coding,
  Observation,
  Patient,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  Reference,
} from '@medplum/fhirtypes';
import type { Score } from './core.js';
import type { AnswerOption, Answers, InstrumentDefinition, Item } from './instrument.js';

const LOINC = 'http://loinc.org';
/** FHIR R4 core extensions: an answer's score, and an integer item's bounds. */
const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';

/** Where the clinic's server publishes its definitions, e.g. `https://clinic.example/fhir`. */
export interface FhirBase {
  baseUrl: string;
}

export function questionnaireUrl(def: InstrumentDefinition, { baseUrl }: FhirBase): string {
  return `${baseUrl}/Questionnaire/${def.id}`;
}

/** LOINC where the option has a verified answer code, otherwise the instrument's own code system, by value. */
function answerCoding(def: InstrumentDefinition, option: AnswerOption, base: FhirBase): Coding {
  return option.loinc
    ? { system: LOINC, code: option.loinc, display: option.display }
    : { system: `${base.baseUrl}/CodeSystem/${def.id}`, code: String(option.value), display: option.display };
}

function optionOf(item: Item, value: number | undefined): AnswerOption | undefined {
  return item.answers?.find((option) => option.value === value);
}

export function toQuestionnaire(def: InstrumentDefinition, base: FhirBase): Questionnaire {
  const byLinkId = new Map(def.items.map((item) => [item.linkId, item]));
  const item = def.items.map((source): QuestionnaireItem => {
    const enableWhen = source.enableWhen?.map((condition) => {
      const target = byLinkId.get(condition.question)!;
      const option = optionOf(target, condition.answer);
      return option
        ? {
            question: condition.question,
            operator: '=' as const,
            answerCoding: answerCoding(def, option, base),
          }
        : { question: condition.question, operator: '=' as const, answerInteger: condition.answer };
    });
    return {
      linkId: source.linkId,
      ...(source.prefix ? { prefix: source.prefix } : {}),
      text: source.text,
      ...(source.loinc ? { code: [{ system: LOINC, code: source.loinc }] } : {}),
      ...(source.answers
        ? {
            type: 'choice' as const,
            answerOption: source.answers.map((option) => ({
              extension: [{ url: ORDINAL_VALUE, valueDecimal: option.value }],
              valueCoding: answerCoding(def, option, base),
            })),
          }
        : {
            type: 'integer' as const,
            extension: [
              { url: MIN_VALUE, valueInteger: source.range!.minimum },
              { url: MAX_VALUE, valueInteger: source.range!.maximum },
            ],
          }),
      ...(enableWhen ? { enableWhen } : {}),
    };
  });
  return {
    resourceType: 'Questionnaire',
    url: questionnaireUrl(def, base),
    version: def.version,
    // A computable name: letters and digits from the id ("phq-9" → "Phq9").
    name: def.id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase()),
    title: def.title,
    status: 'active',
    subjectType: ['Patient'],
    ...(def.instructions ? { description: def.instructions } : {}),
    copyright: def.copyright,
    ...(def.loinc.panel ? { code: [{ system: LOINC, code: def.loinc.panel }] } : {}),
    item,
  };
}

export interface ResponseContext extends FhirBase {
  subject: Reference<Patient>;
  /** ISO 8601 instant the answers were given. */
  authored: string;
}

/** The answers as a completed QuestionnaireResponse; answers the definition does not allow are left out. */
export function toQuestionnaireResponse(
  def: InstrumentDefinition,
  answers: Answers,
  context: ResponseContext,
): QuestionnaireResponse {
  const item = def.items.flatMap((source): QuestionnaireResponseItem[] => {
    const value = answers[source.linkId];
    if (value === undefined) return [];
    const option = optionOf(source, value);
    if (option)
      return [
        {
          linkId: source.linkId,
          text: source.text,
          answer: [{ valueCoding: answerCoding(def, option, context) }],
        },
      ];
    if (
      source.range &&
      Number.isInteger(value) &&
      value >= source.range.minimum &&
      value <= source.range.maximum
    )
      return [{ linkId: source.linkId, text: source.text, answer: [{ valueInteger: value }] }];
    return [];
  });
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${questionnaireUrl(def, context)}|${def.version}`,
    status: 'completed',
    subject: context.subject,
    authored: context.authored,
    item,
  };
}

export interface ObservationContext {
  subject: Reference<Patient>;
  /** ISO 8601 instant of the response the score comes from. */
  effective: string;
  /** The QuestionnaireResponse scored. */
  derivedFrom?: Reference<QuestionnaireResponse>;
}

/**
 * A score as an Observation (category survey). Its code is the instrument's total-score LOINC, never the panel
 * code (clinical-reference.md section 7); uncoded text where no total code is verified.
 */
export function toScoreObservation(
  def: InstrumentDefinition,
  score: Score,
  context: ObservationContext,
): Observation {
  const riskRated = def.scoring.method === 'risk-rules';
  const name = `${def.title} ${riskRated ? 'risk level' : 'total score'}`;
  const code: CodeableConcept =
    def.loinc.total && !riskRated
      ? { coding: [{ system: LOINC, code: def.loinc.total }], text: name }
      : { text: name };
  const value: Partial<Observation> =
    score.total !== null
      ? { valueInteger: score.total }
      : score.risk !== null
        ? { valueCodeableConcept: { text: `${score.risk} risk` } }
        : {
            dataAbsentReason: {
              text: `Not scored: unanswered ${score.missing.join(', ') || 'or rejected answers'}`,
            },
          };
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'survey',
            display: 'Survey',
          },
        ],
      },
    ],
    code,
    subject: context.subject,
    effectiveDateTime: context.effective,
    ...value,
    ...(score.band ? { interpretation: [{ text: score.band }] } : {}),
    ...(score.prorated ? { note: [{ text: `Prorated over unanswered ${score.missing.join(', ')}` }] } : {}),
    ...(context.derivedFrom ? { derivedFrom: [context.derivedFrom] } : {}),
  };
}
