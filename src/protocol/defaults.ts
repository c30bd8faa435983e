import type { ProtocolDefinition } from './definition.js';

/**
 * The shipped default protocols, published as version 1 for a new clinic. Sources are clinical-reference.md §5
 * (routes, doses and courses) and §6 (monitoring, discharge); where the reference is silent the value is marked
 * "practice" or "assumption". Every threshold here is the clinic's responsibility to review before use.
 */
export interface DefaultProtocol {
  key: string;
  name: string;
  definition: ProtocolDefinition;
}

const noDrivingNote =
  'Someone must take you home: you may not drive, cycle or operate machinery until the next day after a night’s ' +
  'sleep. Do not drink alcohol and do not make major or legal decisions until the next day. Take your usual ' +
  'medicines unless your prescriber told you otherwise, and tell us about any new medicine before you come.';

/** §5: "an induction series, then single boosters typically every 2–6 weeks", tapering: the last interval repeats. */
const ketamineCourse = {
  inductionSessions: 6,
  inductionWithinDays: 21,
  maintenanceIntervalsDays: [14, 21, 28, 42],
};

/**
 * §5: 0.5 → 0.75 → 1.0 mg/kg, hard maximum 1.0 mg/kg per session. Absolute cap 120 mg (assumption): the per-kg
 * maximum for a 120 kg patient. The trials dosed patients mostly well under 120 kg; above that the prescriber
 * should consider the clinic's adjusted-body-weight rule rather than scale the dose up further.
 */
const racemicPerKg = {
  kind: 'per_kg' as const,
  stepsMcgPerKg: [500, 750, 1000],
  maxMcgPerKg: 1000,
  maxDoseMcg: 120_000,
  // §5: actual body weight by default; a clinic may switch to adjusted body weight when BMI ≥ 30.
  weightRule: { kind: 'actual' as const },
};

/** §6: BP and HR every 10 min during the dose and every 15 min after; IV/IM discharge ≥ 60 min after the dose. */
const racemicMonitoring = {
  vitalsEveryMinutesDuringDose: 10,
  vitalsEveryMinutesAfterDose: 15,
  minimumObservationMinutes: 60,
  // Assumption: a weight-based dose needs a weight no older than 30 days.
  weightValidDays: 30,
};

/** Practice (the reference gives fasting only for esketamine): no food for 4 h, clear liquids until 2 h before. */
const racemicFasting = { noFoodHours: 4, noLiquidsMinutes: 120 };

export const defaultProtocols: readonly DefaultProtocol[] = [
  {
    key: 'iv-racemic-ketamine',
    name: 'IV racemic ketamine',
    definition: {
      route: 'iv',
      drug: 'ketamine',
      dosing: racemicPerKg,
      // §5: 0.5 mg/kg over 40 min (Sanacora 2017); 100 mg/mL must be diluted before IV use (Ketalar PI):
      // diluted to 1 mg/mL, a pump whose rate moves in 0.1 mL/h.
      delivery: {
        kind: 'infusion',
        concentrationMcgPerMl: 1000,
        infusionMinutes: 40,
        rateStepMicrolitresPerHour: 100,
      },
      // §5: 6 infusions over about 2 weeks (Murrough 2013; clinics 12 days to 3 weeks).
      course: ketamineCourse,
      // Preparation 20 min + infusion 40 min + observation ≥ 60 min.
      blockMinutes: 120,
      fasting: racemicFasting,
      monitoring: racemicMonitoring,
      rems: false,
      preparationNote:
        'Please do not eat for 4 hours before your appointment; you may drink clear fluids (water, clear juice, ' +
        'black tea or coffee) until 2 hours before. The infusion takes about 40 minutes and you will rest with us ' +
        `for at least an hour afterwards: plan on about 2 hours in the clinic. ${noDrivingNote}`,
    },
  },
  {
    key: 'im-ketamine',
    name: 'IM ketamine',
    definition: {
      route: 'im',
      drug: 'ketamine',
      // §5: 0.5–1.0 mg/kg bolus (practice), the same steps and maximum as IV.
      dosing: racemicPerKg,
      // 50 mg/mL stock drawn into a 1 mL syringe graduated in 0.01 mL.
      delivery: { kind: 'injection', concentrationMcgPerMl: 50_000, graduationMicrolitres: 10 },
      // §5: the same course shape as IV.
      course: ketamineCourse,
      // Preparation 20 min + injection + observation ≥ 60 min (assumption).
      blockMinutes: 90,
      fasting: racemicFasting,
      monitoring: racemicMonitoring,
      rems: false,
      preparationNote:
        'Please do not eat for 4 hours before your appointment; you may drink clear fluids (water, clear juice, ' +
        'black tea or coffee) until 2 hours before. The injection is given in the upper arm and you will rest ' +
        `with us for at least an hour afterwards: plan on about 90 minutes in the clinic. ${noDrivingNote}`,
    },
  },
  {
    key: 'intranasal-esketamine',
    name: 'Intranasal esketamine (Spravato)',
    definition: {
      route: 'intranasal',
      drug: 'esketamine',
      // §5 (Spravato PI): 28 mg per device; 56 mg = 2 devices, 84 mg = 3; day 1 always 56 mg; 5 min between devices.
      dosing: {
        kind: 'devices',
        mcgPerDevice: 28_000,
        stepsDevices: [2, 3],
        firstSessionDevices: 2,
        maxDevices: 3,
        minutesBetweenDevices: 5,
      },
      delivery: { kind: 'devices' },
      // §5: weeks 1–4 twice weekly, weeks 5–8 weekly, from week 9 every 2 weeks (or weekly: a clinic may change it).
      course: { inductionSessions: 8, inductionWithinDays: 28, maintenanceIntervalsDays: [7, 7, 7, 7, 14] },
      // Preparation 15 min + up to 10 min of dosing + observation ≥ 120 min after the first device.
      blockMinutes: 150,
      // §5 (Spravato PI): no food for 2 h, no liquids for 30 min.
      fasting: { noFoodHours: 2, noLiquidsMinutes: 30 },
      // §6: BP before dosing, at about 40 min and before discharge; ≥ 2 h observation (REMS).
      monitoring: {
        vitalsEveryMinutesDuringDose: 10,
        vitalsEveryMinutesAfterDose: 40,
        minimumObservationMinutes: 120,
        weightValidDays: 90,
      },
      rems: true,
      preparationNote:
        'Please do not eat for 2 hours and do not drink anything for 30 minutes before your appointment. If you ' +
        'use a nasal steroid or decongestant spray, use it at least 1 hour before. You will stay with us for at ' +
        `least 2 hours after the first spray: plan on about 2½ hours in the clinic. ${noDrivingNote}`,
    },
  },
  {
    key: 'oral-ketamine',
    name: 'Oral ketamine (given in the clinic)',
    definition: {
      route: 'oral',
      drug: 'ketamine',
      // §5: clinic-administered only, no take-home supply. Steps are an assumption for the clinic to review
      // (oral bioavailability is low, about 20 %, so oral doses are several times the IV ones).
      dosing: { kind: 'fixed', stepsMcg: [50_000, 75_000, 100_000, 150_000], maxDoseMcg: 150_000 },
      // Oral solution measured with an oral syringe in 5 mg steps (assumption).
      delivery: { kind: 'oral', stepMcg: 5000 },
      course: ketamineCourse,
      // Preparation 15 min + observation ≥ 120 min (slower onset than IV; assumption).
      blockMinutes: 150,
      fasting: racemicFasting,
      monitoring: {
        vitalsEveryMinutesDuringDose: 15,
        vitalsEveryMinutesAfterDose: 15,
        minimumObservationMinutes: 120,
        weightValidDays: 90,
      },
      rems: false,
      preparationNote:
        'Please do not eat for 4 hours before your appointment; you may drink clear fluids until 2 hours before. ' +
        'You will take the medicine in the clinic (it is never given to take home) and stay with us for at least ' +
        `2 hours afterwards: plan on about 2½ hours in the clinic. ${noDrivingNote}`,
    },
  },
];
