import type { InstrumentDefinition } from '../instrument.js';
import { cadss, cadss6 } from './cadss.js';
import { cssrsScreener } from './cssrs-screener.js';
import { gad7 } from './gad-7.js';
import { moaas } from './moaas.js';
import { pcl5 } from './pcl-5.js';
import { phq9 } from './phq-9.js';

/** Every instrument ketacare ships; a clinic's own definitions join these after `validateInstrument`. */
export const shippedInstruments: readonly InstrumentDefinition[] = [
  phq9,
  gad7,
  pcl5,
  moaas,
  cadss,
  cadss6,
  cssrsScreener,
];

export { cadss, cadss6, cssrsScreener, gad7, moaas, pcl5, phq9 };
