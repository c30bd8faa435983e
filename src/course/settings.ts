import { type Static, Type } from 'typebox';
import type { SettingsGroup } from '../settings/core.js';

/**
 * The dependence and tolerance safeguards a course must keep (clinical-reference.md §5): how close sessions may
 * be, how many fit in a rolling 28 days, and how much ketamine or esketamine a patient may be given in them,
 * across every route.
 */
export const CourseSettings = Type.Object(
  {
    minimumIntervalHoursIv: Type.Integer({ minimum: 1, maximum: 720 }),
    minimumIntervalHoursIm: Type.Integer({ minimum: 1, maximum: 720 }),
    minimumIntervalHoursIntranasal: Type.Integer({ minimum: 1, maximum: 720 }),
    minimumIntervalHoursOral: Type.Integer({ minimum: 1, maximum: 720 }),
    maxSessionsPer28Days: Type.Integer({ minimum: 1, maximum: 28 }),
    maxKetamineMgPer28Days: Type.Integer({ minimum: 1, maximum: 5000 }),
    maxEsketamineMgPer28Days: Type.Integer({ minimum: 1, maximum: 2000 }),
  },
  { additionalProperties: false },
);
export type CourseSettings = Static<typeof CourseSettings>;

export const courseSettings: SettingsGroup<CourseSettings> = {
  key: 'course',
  title: 'Treatment courses: intervals and exposure caps',
  schema: CourseSettings,
  defaults: {
    minimumIntervalHoursIv: 24,
    minimumIntervalHoursIm: 24,
    minimumIntervalHoursIntranasal: 48,
    minimumIntervalHoursOral: 24,
    maxSessionsPer28Days: 8,
    maxKetamineMgPer28Days: 800,
    maxEsketamineMgPer28Days: 672,
  },
  fields: {
    minimumIntervalHoursIv: {
      label: 'Minimum time between two IV ketamine sessions',
      unit: 'hours',
      source: 'practice (clinical-reference.md §5: 24 h between infusions)',
    },
    minimumIntervalHoursIm: {
      label: 'Minimum time between two IM ketamine sessions',
      unit: 'hours',
      source: 'practice (same course shape as IV: 24 h)',
    },
    minimumIntervalHoursIntranasal: {
      label: 'Minimum time between two esketamine sessions',
      unit: 'hours',
      source: 'Spravato PI (at most twice weekly); practice: 48 h apart',
    },
    minimumIntervalHoursOral: {
      label: 'Minimum time between two clinic-administered oral ketamine sessions',
      unit: 'hours',
      source: 'practice (24 h)',
    },
    maxSessionsPer28Days: {
      label: 'Most sessions in any 28 days, all routes together',
      unit: 'sessions',
      source: 'clinical-reference.md §5 dependence safeguards (default 8 per rolling 28 days)',
    },
    maxKetamineMgPer28Days: {
      label: 'Most racemic ketamine in any 28 days (IV, IM and oral together)',
      unit: 'mg',
      source: 'practice: 8 sessions × the 1.0 mg/kg maximum × 100 kg',
    },
    maxEsketamineMgPer28Days: {
      label: 'Most esketamine in any 28 days',
      unit: 'mg',
      source: 'Spravato PI: 84 mg twice weekly for 4 weeks (8 × 84 mg)',
    },
  },
};
