/**
 * The ICD-10-CM codes a ketamine clinic uses: the diagnoses it treats and every condition the eligibility and
 * contraindication rules look for (clinical-reference.md §2–3). Data, not logic.
 *
 * Codes and descriptions were taken from the public ICD-10-CM tabular list (CMS/NCHS). Code sets change every
 * 1 October: the clinic must verify this list against the current release before use.
 */

export type ConditionGroup =
  | 'depressive'
  | 'bipolar'
  | 'anxiety'
  | 'trauma'
  | 'pain'
  | 'psychotic'
  | 'dissociative'
  | 'substance'
  | 'vascular'
  | 'cardiac'
  | 'neurological'
  | 'eye'
  | 'pregnancy'
  | 'liver'
  | 'endocrine'
  | 'metabolic'
  | 'urological'
  | 'respiratory'
  | 'other_psychiatric';

export interface ConditionCode {
  code: string;
  display: string;
  group: ConditionGroup;
}

const group = (g: ConditionGroup, entries: [string, string][]): ConditionCode[] =>
  entries.map(([code, display]) => ({ code, display, group: g }));

export const conditionCodes: readonly ConditionCode[] = [
  ...group('depressive', [
    ['F32.0', 'Major depressive disorder, single episode, mild'],
    ['F32.1', 'Major depressive disorder, single episode, moderate'],
    ['F32.2', 'Major depressive disorder, single episode, severe without psychotic features'],
    ['F32.3', 'Major depressive disorder, single episode, severe with psychotic features'],
    ['F32.4', 'Major depressive disorder, single episode, in partial remission'],
    ['F32.5', 'Major depressive disorder, single episode, in full remission'],
    ['F32.9', 'Major depressive disorder, single episode, unspecified'],
    ['F32.A', 'Depression, unspecified'],
    ['F33.0', 'Major depressive disorder, recurrent, mild'],
    ['F33.1', 'Major depressive disorder, recurrent, moderate'],
    ['F33.2', 'Major depressive disorder, recurrent severe without psychotic features'],
    ['F33.3', 'Major depressive disorder, recurrent, severe with psychotic symptoms'],
    ['F33.40', 'Major depressive disorder, recurrent, in remission, unspecified'],
    ['F33.41', 'Major depressive disorder, recurrent, in partial remission'],
    ['F33.42', 'Major depressive disorder, recurrent, in full remission'],
    ['F33.8', 'Other recurrent depressive disorders'],
    ['F33.9', 'Major depressive disorder, recurrent, unspecified'],
    ['F34.1', 'Dysthymic disorder'],
  ]),
  ...group('bipolar', [
    ['F31.0', 'Bipolar disorder, current episode hypomanic'],
    ['F31.10', 'Bipolar disorder, current episode manic without psychotic features, unspecified'],
    ['F31.2', 'Bipolar disorder, current episode manic severe with psychotic features'],
    ['F31.30', 'Bipolar disorder, current episode depressed, mild or moderate severity, unspecified'],
    ['F31.31', 'Bipolar disorder, current episode depressed, mild'],
    ['F31.32', 'Bipolar disorder, current episode depressed, moderate'],
    ['F31.4', 'Bipolar disorder, current episode depressed, severe, without psychotic features'],
    ['F31.5', 'Bipolar disorder, current episode depressed, severe, with psychotic features'],
    ['F31.60', 'Bipolar disorder, current episode mixed, unspecified'],
    ['F31.70', 'Bipolar disorder, currently in remission, most recent episode unspecified'],
    ['F31.81', 'Bipolar II disorder'],
    ['F31.9', 'Bipolar disorder, unspecified'],
    ['F30.9', 'Manic episode, unspecified'],
  ]),
  ...group('anxiety', [
    ['F41.0', 'Panic disorder [episodic paroxysmal anxiety]'],
    ['F41.1', 'Generalized anxiety disorder'],
    ['F41.9', 'Anxiety disorder, unspecified'],
    ['F42.2', 'Mixed obsessional thoughts and acts'],
  ]),
  ...group('trauma', [
    ['F43.10', 'Post-traumatic stress disorder, unspecified'],
    ['F43.11', 'Post-traumatic stress disorder, acute'],
    ['F43.12', 'Post-traumatic stress disorder, chronic'],
  ]),
  ...group('pain', [
    ['G89.21', 'Chronic pain due to trauma'],
    ['G89.22', 'Chronic post-thoracotomy pain'],
    ['G89.28', 'Other chronic postprocedural pain'],
    ['G89.29', 'Other chronic pain'],
    ['G89.3', 'Neoplasm related pain (acute) (chronic)'],
    ['G89.4', 'Chronic pain syndrome'],
  ]),
  ...group('psychotic', [
    ['F20.0', 'Paranoid schizophrenia'],
    ['F20.9', 'Schizophrenia, unspecified'],
    ['F22', 'Delusional disorders'],
    ['F23', 'Brief psychotic disorder'],
    ['F25.9', 'Schizoaffective disorder, unspecified'],
    ['F28', 'Other psychotic disorder not due to a substance or known physiological condition'],
    ['F29', 'Unspecified psychosis not due to a substance or known physiological condition'],
  ]),
  ...group('dissociative', [
    ['F44.0', 'Dissociative amnesia'],
    ['F44.81', 'Dissociative identity disorder'],
    ['F44.9', 'Dissociative and conversion disorder, unspecified'],
    ['F48.1', 'Depersonalization-derealization syndrome'],
  ]),
  ...group('substance', [
    ['F10.10', 'Alcohol abuse, uncomplicated'],
    ['F10.11', 'Alcohol abuse, in remission'],
    ['F10.20', 'Alcohol dependence, uncomplicated'],
    ['F10.21', 'Alcohol dependence, in remission'],
    ['F11.10', 'Opioid abuse, uncomplicated'],
    ['F11.11', 'Opioid abuse, in remission'],
    ['F11.20', 'Opioid dependence, uncomplicated'],
    ['F11.21', 'Opioid dependence, in remission'],
    ['F12.10', 'Cannabis abuse, uncomplicated'],
    ['F12.11', 'Cannabis abuse, in remission'],
    ['F12.20', 'Cannabis dependence, uncomplicated'],
    ['F13.10', 'Sedative, hypnotic or anxiolytic abuse, uncomplicated'],
    ['F13.11', 'Sedative, hypnotic or anxiolytic abuse, in remission'],
    ['F13.20', 'Sedative, hypnotic or anxiolytic dependence, uncomplicated'],
    ['F14.10', 'Cocaine abuse, uncomplicated'],
    ['F14.11', 'Cocaine abuse, in remission'],
    ['F14.20', 'Cocaine dependence, uncomplicated'],
    ['F15.10', 'Other stimulant abuse, uncomplicated'],
    ['F15.11', 'Other stimulant abuse, in remission'],
    ['F15.20', 'Other stimulant dependence, uncomplicated'],
    /** Ketamine misuse is coded with the other hallucinogens. */
    ['F16.10', 'Hallucinogen abuse, uncomplicated'],
    ['F16.11', 'Hallucinogen abuse, in remission'],
    ['F16.20', 'Hallucinogen dependence, uncomplicated'],
    ['F16.21', 'Hallucinogen dependence, in remission'],
    ['F16.90', 'Hallucinogen use, unspecified, uncomplicated'],
    ['F19.10', 'Other psychoactive substance abuse, uncomplicated'],
    ['F19.11', 'Other psychoactive substance abuse, in remission'],
    ['F19.20', 'Other psychoactive substance dependence, uncomplicated'],
  ]),
  ...group('vascular', [
    ['I67.1', 'Cerebral aneurysm, nonruptured'],
    ['I71.20', 'Thoracic aortic aneurysm, without rupture, unspecified'],
    ['I71.40', 'Abdominal aortic aneurysm, without rupture, unspecified'],
    ['I71.9', 'Aortic aneurysm of unspecified site, without rupture'],
    ['I72.0', 'Aneurysm of carotid artery'],
    ['I72.9', 'Aneurysm of unspecified site'],
    ['Q28.0', 'Arteriovenous malformation of precerebral vessels'],
    ['Q28.2', 'Arteriovenous malformation of cerebral vessels'],
    ['Q28.3', 'Other malformations of cerebral vessels'],
    ['Q27.30', 'Arteriovenous malformation, site unspecified'],
    ['I60.9', 'Nontraumatic subarachnoid hemorrhage, unspecified'],
    ['I61.9', 'Nontraumatic intracerebral hemorrhage, unspecified'],
    ['I62.9', 'Nontraumatic intracranial hemorrhage, unspecified'],
    ['I63.9', 'Cerebral infarction, unspecified'],
  ]),
  ...group('cardiac', [
    ['I10', 'Essential (primary) hypertension'],
    ['I11.9', 'Hypertensive heart disease without heart failure'],
    ['I16.0', 'Hypertensive urgency'],
    ['I16.1', 'Hypertensive emergency'],
    ['I16.9', 'Hypertensive crisis, unspecified'],
    ['I20.0', 'Unstable angina'],
    ['I21.9', 'Acute myocardial infarction, unspecified'],
    ['I25.10', 'Atherosclerotic heart disease of native coronary artery without angina pectoris'],
    ['I25.2', 'Old myocardial infarction'],
    ['I50.9', 'Heart failure, unspecified'],
    ['I51.9', 'Heart disease, unspecified'],
  ]),
  ...group('neurological', [
    ['G93.2', 'Benign intracranial hypertension'],
    ['G93.6', 'Cerebral edema'],
    ['R90.0', 'Intracranial space-occupying lesion found on diagnostic imaging of central nervous system'],
    ['D49.6', 'Neoplasm of unspecified behavior of brain'],
    ['C71.9', 'Malignant neoplasm of brain, unspecified'],
    ['G40.909', 'Epilepsy, unspecified, not intractable, without status epilepticus'],
    ['G40.919', 'Epilepsy, unspecified, intractable, without status epilepticus'],
    ['R56.9', 'Unspecified convulsions'],
  ]),
  ...group('eye', [
    ['H40.9', 'Unspecified glaucoma'],
    ['H40.10X0', 'Unspecified open-angle glaucoma, stage unspecified'],
  ]),
  ...group('pregnancy', [
    ['Z33.1', 'Pregnant state, incidental'],
    ['Z39.1', 'Encounter for care and examination of lactating mother'],
    ['O14.90', 'Unspecified pre-eclampsia, unspecified trimester'],
    ['O15.9', 'Eclampsia, unspecified as to time period'],
  ]),
  ...group('liver', [
    ['K70.30', 'Alcoholic cirrhosis of liver without ascites'],
    ['K74.60', 'Unspecified cirrhosis of liver'],
    ['K75.9', 'Inflammatory liver disease, unspecified'],
    ['K76.0', 'Fatty (change of) liver, not elsewhere classified'],
    ['K76.9', 'Liver disease, unspecified'],
  ]),
  ...group('endocrine', [
    ['E05.00', 'Thyrotoxicosis with diffuse goiter without thyrotoxic crisis or storm'],
    ['E05.90', 'Thyrotoxicosis, unspecified without thyrotoxic crisis or storm'],
  ]),
  ...group('metabolic', [
    ['E80.20', 'Unspecified porphyria'],
    ['E80.21', 'Acute intermittent (hepatic) porphyria'],
    ['E80.29', 'Other porphyria'],
  ]),
  ...group('urological', [
    ['N30.10', 'Interstitial cystitis (chronic) without hematuria'],
    ['N30.11', 'Interstitial cystitis (chronic) with hematuria'],
  ]),
  ...group('respiratory', [
    ['G47.33', 'Obstructive sleep apnea (adult) (pediatric)'],
    ['J44.9', 'Chronic obstructive pulmonary disease, unspecified'],
  ]),
  ...group('other_psychiatric', [
    ['F90.9', 'Attention-deficit hyperactivity disorder, unspecified type'],
    ['F50.00', 'Anorexia nervosa, unspecified'],
    ['F60.3', 'Borderline personality disorder'],
  ]),
];

const byCode = new Map(conditionCodes.map((c) => [c.code, c]));

/** The code list entry, or undefined for a code the clinic's list does not hold. Case-insensitive. */
export function conditionCode(code: string): ConditionCode | undefined {
  return byCode.get(code.trim().toUpperCase());
}

/** Codes whose code or description contains every word of the search; the whole list without one. */
export function searchConditionCodes(search: string | undefined, limit = 50): ConditionCode[] {
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return conditionCodes
    .filter((c) =>
      words.every((w) => c.code.toLowerCase().startsWith(w) || c.display.toLowerCase().includes(w)),
    )
    .slice(0, words.length === 0 ? conditionCodes.length : limit);
}
