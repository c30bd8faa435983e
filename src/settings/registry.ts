import { consentSettings } from '../consent/settings.js';
import { courseSettings } from '../course/settings.js';
import { inventorySettings } from '../inventory/settings.js';
import { measuresSettings } from '../measures/settings.js';
import { scheduleSettings } from '../schedule/settings.js';
import type { SettingsGroup } from './core.js';

/** Every group of clinic-tunable thresholds; each gets its view, history and change routes. */
export const settingsGroups: readonly SettingsGroup[] = [
  measuresSettings,
  consentSettings,
  courseSettings,
  scheduleSettings,
  inventorySettings,
];
