import type { Queryable } from '../platform/db/database.js';

/**
 * What measurement-based care needs to know about treatment: when doses were given (the first dose fixes the
 * baseline; sessions and dose changes are marked on the chart; induction sessions count towards the
 * non-response flag; maintenance starts the relapse watch), and the route, protocol and diagnosis the outcomes
 * report groups by. The session and course domains own these records and provide the source; measures only reads.
 */
export interface TreatmentDose {
  at: Date;
  route: 'iv' | 'im' | 'intranasal' | 'oral';
  protocol: string | null;
  phase: 'induction' | 'maintenance';
  /** Differs from the previous dose of the course (marked on the chart). */
  doseChanged: boolean;
  label: string;
}

export interface TreatmentTimeline {
  doses: readonly TreatmentDose[];
  /** The primary diagnosis (ICD-10-CM) the course treats, for the outcomes report. */
  diagnosis: string | null;
}

export interface TreatmentTimelineSource {
  /** Timelines of these patients of one clinic; a patient with no treatment recorded has no entry. */
  timelines(
    db: Queryable,
    clinicId: string,
    patientIds: readonly string[] | 'all',
  ): Promise<Map<string, TreatmentTimeline>>;
}

/**
 * The source while ketacare records no doses itself (the treatment-day module is not built): every patient has
 * an empty timeline, so charts show scores without a baseline and say why, and the non-response and relapse
 * rules stay quiet rather than guess.
 */
export const noDosesRecorded: TreatmentTimelineSource = {
  async timelines() {
    return new Map();
  },
};
