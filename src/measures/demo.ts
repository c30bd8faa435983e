import type { Clock } from '../platform/clock.js';
import type { Tx } from '../platform/db/database.js';
import { scoreResponse } from './core.js';
import type { InstrumentDefinition } from './instrument.js';
import { gad7, phq9 } from './instruments/index.js';
import { DAY_MS } from './schedule.js';
import { moodCheckIn, questionnaireAssignment, questionnaireResponse, score } from './schema.js';

/**
 * The demo patient's measures, so a fresh `npm start` shows a chart and a portal with something in them:
 * PHQ-9 and GAD-7 baselines five weeks back, improving scores since, a weekly PHQ-9 due now and a few mood
 * check-ins. Synthetic numbers; no item-9 answers, so no alert.
 */
export async function addDemoMeasures(
  tx: Tx,
  clock: Clock,
  ids: { clinicId: string; patientId: string },
): Promise<void> {
  const now = clock.now().getTime();
  const ago = (days: number, hours = 0) => new Date(now - days * DAY_MS - hours * 3_600_000);

  async function answered(def: InstrumentDefinition, values: number[], authoredAt: Date) {
    const answers = Object.fromEntries(values.map((value, i) => [`${def.id}-${i + 1}`, value]));
    const scored = scoreResponse(def, answers);
    const [row] = await tx
      .insert(questionnaireResponse)
      .values({
        ...ids,
        instrumentId: def.id,
        instrumentVersion: def.version,
        status: 'completed',
        answers,
        source: 'patient',
        authoredAt,
        recordedAt: authoredAt,
      })
      .returning({ id: questionnaireResponse.id });
    await tx.insert(score).values({
      ...ids,
      responseId: row!.id,
      instrumentId: def.id,
      instrumentVersion: def.version,
      loinc: def.loinc.total,
      valid: scored.valid,
      total: scored.total,
      prorated: scored.prorated,
      band: scored.band,
      risk: scored.risk,
      effectiveAt: authoredAt,
    });
  }

  await answered(phq9, [3, 2, 3, 2, 2, 2, 2, 2, 0], ago(35)); // 18, moderately severe
  await answered(gad7, [2, 2, 2, 2, 2, 2, 2], ago(35)); // 14, moderate
  await answered(phq9, [2, 2, 2, 1, 2, 1, 2, 1, 0], ago(21)); // 13
  await answered(phq9, [1, 1, 2, 1, 1, 1, 1, 1, 0], ago(7)); // 9, mild
  await answered(gad7, [1, 1, 1, 2, 1, 1, 1], ago(7)); // 8

  // Weekly between sessions: last week's occurrence was filled; this week's opened two hours ago.
  await tx.insert(questionnaireAssignment).values({
    ...ids,
    instrumentId: phq9.id,
    reason: 'between_sessions',
    opensAt: ago(7, 2),
    dueAt: ago(4, 2),
    repeatEveryDays: 7,
    createdAt: ago(7, 2),
  });

  for (const [days, mood, journal] of [
    [6, 4, null],
    [4, 5, 'Walked to the park with a friend.'],
    [2, 6, null],
    [1, 6, 'Slept through the night.'],
  ] as const)
    await tx.insert(moodCheckIn).values({ ...ids, mood, journal, recordedAt: ago(days) });
}
