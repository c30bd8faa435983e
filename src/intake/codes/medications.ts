import type { DrugClass, InteractionTag } from '../model.js';

/**
 * The medications the screening rules care about (clinical-reference.md §2 and §4): antidepressants by class for
 * treatment resistance, and every drug an interaction rule names. Data, not logic. A drug not in this table is
 * entered as text and classed by staff; it is never dropped.
 *
 * RxNorm codes are ingredient RxCUIs taken from public RxNorm listings (RxNav); where we were not sure of a code
 * it is null rather than guessed. Diazepam-equivalent factors (mg diazepam ≈ 1 mg of the drug) follow the
 * Ashton table. The clinic must verify codes and factors before use.
 */

export interface MedicationEntry {
  rxnorm: string | null;
  name: string;
  drugClass: DrugClass;
  /** Benzodiazepines only: mg of diazepam equivalent to 1 mg of this drug. */
  diazepamEquivalentFactor: number | null;
  interactions: InteractionTag[];
}

type Row = [rxnorm: string | null, name: string, extra?: Partial<Omit<MedicationEntry, 'rxnorm' | 'name'>>];

const cls = (drugClass: DrugClass, rows: Row[]): MedicationEntry[] =>
  rows.map(([rxnorm, name, extra]) => ({
    rxnorm,
    name,
    drugClass,
    diazepamEquivalentFactor: null,
    interactions: [],
    ...extra,
  }));

/** 10 mg diazepam ≈ `mg` of the drug. */
const dze = (mg: number) => ({ diazepamEquivalentFactor: Math.round((10 / mg) * 1000) / 1000 });

export const medicationTable: readonly MedicationEntry[] = [
  ...cls('ssri', [
    ['2556', 'citalopram'],
    ['321988', 'escitalopram'],
    ['4493', 'fluoxetine'],
    ['42355', 'fluvoxamine'],
    ['32937', 'paroxetine'],
    ['36437', 'sertraline'],
  ]),
  ...cls('snri', [
    ['734064', 'desvenlafaxine'],
    ['72625', 'duloxetine'],
    [null, 'levomilnacipran'],
    ['39786', 'venlafaxine'],
  ]),
  ...cls('tca', [
    ['704', 'amitriptyline'],
    ['2597', 'clomipramine'],
    ['3247', 'desipramine'],
    ['3638', 'doxepin'],
    ['5691', 'imipramine'],
    ['7531', 'nortriptyline'],
  ]),
  ...cls('maoi', [
    ['6011', 'isocarboxazid'],
    ['8123', 'phenelzine'],
    ['9639', 'selegiline'],
    ['10734', 'tranylcypromine'],
  ]),
  ...cls('ndri', [['42347', 'bupropion']]),
  ...cls('nassa', [['15996', 'mirtazapine']]),
  ...cls('sari', [['10737', 'trazodone']]),
  ...cls('serotonin_modulator', [
    [null, 'vilazodone'],
    [null, 'vortioxetine'],
  ]),
  ...cls('benzodiazepine', [
    ['596', 'alprazolam', dze(0.5)],
    ['2356', 'chlordiazepoxide', dze(25)],
    [null, 'clobazam', dze(20)],
    ['2598', 'clonazepam', dze(0.5)],
    [null, 'clorazepate', dze(15)],
    ['3322', 'diazepam', dze(10)],
    ['6470', 'lorazepam', dze(1)],
    ['7781', 'oxazepam', dze(20)],
    ['10355', 'temazepam', dze(20)],
    ['10767', 'triazolam', dze(0.5)],
  ]),
  ...cls('sedative_hypnotic', [
    ['461016', 'eszopiclone'],
    [null, 'zaleplon'],
    ['39993', 'zolpidem'],
  ]),
  ...cls('stimulant', [
    ['725', 'amphetamine'],
    ['641465', 'armodafinil'],
    ['3288', 'dextroamphetamine'],
    ['700810', 'lisdexamfetamine'],
    ['6901', 'methylphenidate'],
    ['30125', 'modafinil'],
  ]),
  ...cls('opioid', [
    ['1819', 'buprenorphine'],
    ['2670', 'codeine'],
    ['4337', 'fentanyl'],
    ['5489', 'hydrocodone'],
    ['3423', 'hydromorphone'],
    ['6813', 'methadone'],
    ['7052', 'morphine'],
    ['7804', 'oxycodone'],
    ['10689', 'tramadol'],
  ]),
  ...cls('anticonvulsant', [['28439', 'lamotrigine']]),
  ...cls('methylxanthine', [
    ['689', 'aminophylline'],
    ['10438', 'theophylline'],
  ]),
  ...cls('lithium', [['42351', 'lithium carbonate']]),
  ...cls('antipsychotic', [
    ['89013', 'aripiprazole'],
    ['51272', 'quetiapine'],
  ]),
  ...cls('nmda_antagonist', [
    ['6130', 'ketamine'],
    [null, 'esketamine'],
  ]),
  ...cls('barbiturate', [['8134', 'phenobarbital', { interactions: ['cyp3a4_inducer'] }]]),
  ...cls('cyp_strong_inducer', [
    ['2002', 'carbamazepine', { interactions: ['cyp3a4_inducer', 'cyp2b6_inducer'] }],
    ['8183', 'phenytoin', { interactions: ['cyp3a4_inducer', 'cyp2b6_inducer'] }],
    ['9384', 'rifampin', { interactions: ['cyp3a4_inducer', 'cyp2b6_inducer'] }],
    [null, "St John's wort", { interactions: ['cyp3a4_inducer'] }],
  ]),
  ...cls('cyp_strong_inhibitor', [
    ['21212', 'clarithromycin', { interactions: ['cyp3a4_inhibitor'] }],
    ['28031', 'itraconazole', { interactions: ['cyp3a4_inhibitor'] }],
    ['6135', 'ketoconazole', { interactions: ['cyp3a4_inhibitor'] }],
    ['85762', 'ritonavir', { interactions: ['cyp3a4_inhibitor'] }],
    ['32968', 'clopidogrel', { interactions: ['cyp2b6_inhibitor'] }],
    ['10594', 'ticlopidine', { interactions: ['cyp2b6_inhibitor'] }],
  ]),
  ...cls('opioid_antagonist', [['7243', 'naltrexone']]),
];

const byRxnorm = new Map(medicationTable.filter((m) => m.rxnorm).map((m) => [m.rxnorm!, m]));
const byName = new Map(medicationTable.map((m) => [m.name.toLowerCase(), m]));

/** The table entry for an RxNorm ingredient code, or undefined when the table does not hold it. */
export function medicationByRxnorm(rxnorm: string): MedicationEntry | undefined {
  return byRxnorm.get(rxnorm.trim());
}

/** The table entry whose name is exactly this (any case): a typed "Lorazepam" still gets its class. */
export function medicationByName(name: string): MedicationEntry | undefined {
  return byName.get(name.trim().toLowerCase());
}

/** Entries whose name, class or code starts with or contains the search; the whole table without one. */
export function searchMedications(search: string | undefined, limit = 50): MedicationEntry[] {
  const term = (search ?? '').trim().toLowerCase();
  if (!term) return [...medicationTable];
  return medicationTable
    .filter((m) => m.name.toLowerCase().includes(term) || m.drugClass.includes(term) || m.rxnorm === term)
    .slice(0, limit);
}
