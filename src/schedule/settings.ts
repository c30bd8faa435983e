import { type Static, Type } from 'typebox';
import type { SettingsGroup } from '../settings/core.js';

/** Booking and reminder rules a clinic tunes: staff coverage and when patients are reminded. */
export const ScheduleSettings = Type.Object(
  {
    chairsPerNurse: Type.Integer({ minimum: 1, maximum: 6 }),
    firstReminderHours: Type.Integer({ minimum: 2, maximum: 168 }),
    secondReminderHours: Type.Integer({ minimum: 1, maximum: 72 }),
    escortConfirmationOpensHours: Type.Integer({ minimum: 1, maximum: 336 }),
    followUpNextDayHour: Type.Integer({ minimum: 6, maximum: 20 }),
  },
  { additionalProperties: false },
);
export type ScheduleSettings = Static<typeof ScheduleSettings>;

export const scheduleSettings: SettingsGroup<ScheduleSettings> = {
  key: 'schedule',
  title: 'Scheduling and reminders',
  schema: ScheduleSettings,
  defaults: {
    chairsPerNurse: 2,
    firstReminderHours: 48,
    secondReminderHours: 24,
    escortConfirmationOpensHours: 72,
    followUpNextDayHour: 10,
  },
  fields: {
    chairsPerNurse: {
      label: 'Chairs one nurse on shift can monitor at the same time',
      unit: 'chairs',
      source: 'practice (continuous monitoring during dosing and recovery)',
    },
    firstReminderHours: {
      label: 'First reminder this long before a session (with fasting and escort instructions)',
      unit: 'hours',
      source: 'issue 6 (48 h reminder)',
    },
    secondReminderHours: {
      label: 'Second reminder this long before a session',
      unit: 'hours',
      source: 'issue 6 (24 h reminder)',
    },
    escortConfirmationOpensHours: {
      label: 'Ask the patient to name and confirm their escort from this long before a session',
      unit: 'hours',
      source: 'practice (discharge only to an escort: clinical-reference.md §6)',
    },
    followUpNextDayHour: {
      label: 'Send the next-day follow-up at this hour (clinic time)',
      unit: 'hour of day',
      source: 'practice',
    },
  },
};
