import { type Static, Type } from 'typebox';
import type { SettingsGroup } from '../settings/core.js';

/** Measurement-based care thresholds a clinic's medical director can tune (clinical-reference.md §7). */
export const MeasuresSettings = Type.Object(
  {
    preSessionWindowHours: Type.Integer({ minimum: 1, maximum: 168 }),
    betweenSessionsEveryDays: Type.Integer({ minimum: 1, maximum: 60 }),
    nonResponseAfterInductionSessions: Type.Integer({ minimum: 1, maximum: 20 }),
    relapsePhq9Rise: Type.Integer({ minimum: 1, maximum: 27 }),
    relapseBandFrom: Type.Integer({ minimum: 1, maximum: 27 }),
  },
  { additionalProperties: false },
);
export type MeasuresSettings = Static<typeof MeasuresSettings>;

export const measuresSettings: SettingsGroup<MeasuresSettings> = {
  key: 'measures',
  title: 'Rating scales and outcomes',
  schema: MeasuresSettings,
  defaults: {
    preSessionWindowHours: 24,
    betweenSessionsEveryDays: 7,
    nonResponseAfterInductionSessions: 6,
    relapsePhq9Rise: 5,
    relapseBandFrom: 10,
  },
  fields: {
    preSessionWindowHours: {
      label: 'Pre-session questionnaire opens this long before the session',
      unit: 'hours',
      source: 'practice (issue 4 default: 24 h)',
    },
    betweenSessionsEveryDays: {
      label: 'Questionnaires between sessions during a course, every',
      unit: 'days',
      source: 'practice (weekly measurement-based care)',
    },
    nonResponseAfterInductionSessions: {
      label: 'Flag non-response when no response after this many induction sessions',
      unit: 'sessions',
      source: 'practice (a 6-infusion induction series: Sanacora 2017)',
    },
    relapsePhq9Rise: {
      label: 'Relapse watch: PHQ-9 rise from the post-induction level of at least',
      unit: 'points',
      source: 'practice (a 5-point PHQ-9 change is clinically meaningful)',
    },
    relapseBandFrom: {
      label: 'Relapse watch: PHQ-9 back at or above (moderate band starts at 10)',
      unit: 'points',
      source: 'PHQ-9 severity bands (clinical-reference.md §7)',
    },
  },
};
