import type { Attestation, AttestationTopic, ConsentRoute, PublishDocumentBody } from './model.js';

/**
 * The consent documents ketacare ships, one per route, as data. They are starting points in plain words, not
 * legal advice: each says at the top that the clinic must review it with its counsel before use. Facts follow
 * clinical-reference.md (Spravato PI and REMS for esketamine; Ketalar PI and practice for racemic ketamine).
 */

interface RouteWording {
  title: string;
  /** How the medicine is given, one sentence. */
  given: string;
  /** The regulatory status in plain words (off-label for racemic ketamine; labelled, under a REMS, for esketamine). */
  status: string;
  /** How long the patient stays and what is checked. */
  monitoring: string;
  /** Route-specific attestation wording (off-label use, expected effects, REMS monitoring). */
  attestations: Partial<Record<AttestationTopic, string>>;
}

const offLabel = (how: string) =>
  `I understand that ketamine is approved by the FDA as an anaesthetic, and that using it ${how} to treat ` +
  'depression or other mental-health conditions is "off-label": the FDA has not approved it for this use, and ' +
  'the long-term effects of repeated treatments are not well known.';

const wording: Record<ConsentRoute, RouteWording> = {
  iv: {
    title: 'Consent to intravenous (IV) ketamine treatment',
    given:
      'Ketamine is given slowly through a small tube in a vein (an infusion), usually over about 40 minutes.',
    status:
      'Ketamine is approved by the FDA as an anaesthetic. Using it in lower doses to treat depression is ' +
      '**off-label**: the FDA has not approved it for this use. Studies show that it can reduce depression quickly ' +
      'for some people, but not for everyone, and the benefit often fades after days or weeks without further ' +
      'treatments.',
    monitoring:
      'A nurse checks your blood pressure, heart rate, oxygen level and how alert you are during the infusion and ' +
      'for at least 60 minutes after it ends. You leave only when you are steady, alert and your readings are back ' +
      'near where they started.',
    attestations: {
      off_label_use: offLabel('by infusion'),
      expected_effects:
        'I understand that the infusion may lift my mood within hours or days, that it may not help me, and that ' +
        'a course of several infusions is usually needed.',
    },
  },
  im: {
    title: 'Consent to intramuscular (IM) ketamine treatment',
    given: 'Ketamine is given as an injection into a muscle, usually in the upper arm or thigh.',
    status:
      'Ketamine is approved by the FDA as an anaesthetic. Using it by injection to treat depression is ' +
      '**off-label**: the FDA has not approved it for this use, and there is less research on injections than on ' +
      'infusions. An injection acts quickly and cannot be slowed or stopped once given.',
    monitoring:
      'A nurse checks your blood pressure, heart rate, oxygen level and how alert you are after the injection and ' +
      'for at least 60 minutes after it. You leave only when you are steady, alert and your ' +
      'readings are back near where they started.',
    attestations: {
      off_label_use: offLabel('by injection'),
      expected_effects:
        'I understand that the injection may lift my mood within hours or days, that it may not help me, that its ' +
        'effects start quickly and cannot be stopped once it is given, and that several treatments are usually ' +
        'needed.',
    },
  },
  intranasal: {
    title: 'Consent to intranasal esketamine (Spravato) treatment',
    given:
      'You spray esketamine (Spravato) into your nose yourself, in the clinic, with a staff member watching. Each ' +
      'device holds two sprays; you wait 5 minutes between devices.',
    status:
      'Spravato is approved by the FDA for adults with treatment-resistant depression and for depressive symptoms ' +
      'in adults with major depressive disorder with suicidal thoughts or actions. Because it can cause ' +
      'sedation, dissociation, slowed breathing and misuse, it is only available through a restricted safety ' +
      'program, the **Spravato REMS**. You must be enrolled in the REMS before your first dose, and the clinic ' +
      'reports each treatment to the REMS.',
    monitoring:
      'Under the REMS you must stay in the clinic, watched by staff, for **at least 2 hours** after the first ' +
      'spray, and until a health-care provider decides you are ready to leave. Your blood pressure is checked ' +
      'before the dose, about 40 minutes after it, and before you leave, and your oxygen level is watched with a ' +
      'pulse oximeter.',
    attestations: {
      expected_effects:
        'I understand that esketamine may improve my depression within hours or days, that it may not help me, and ' +
        'that it is used together with my other depression treatment as my prescriber decides.',
      rems_monitoring:
        'I understand that I must be enrolled in the Spravato REMS before my first dose, that I will take each ' +
        'dose in the clinic under supervision and never at home, that I must stay at least 2 hours after the first ' +
        'spray until a health-care provider says I may leave, and that the clinic reports each treatment to the ' +
        'REMS.',
    },
  },
  oral: {
    title: 'Consent to oral ketamine treatment',
    given:
      'Ketamine is taken by mouth, for example as a lozenge or liquid made by a compounding pharmacy, in the ' +
      'clinic under supervision.',
    status:
      'Ketamine is approved by the FDA as an anaesthetic. Taking it by mouth to treat depression is **off-label**: ' +
      'the FDA has not approved it for this use, compounded products are not FDA-approved, and there is less ' +
      'research on oral ketamine than on infusions. The amount absorbed varies from person to person.',
    monitoring:
      'A nurse checks your blood pressure, heart rate and how alert you are after the dose until the effects have ' +
      'worn off. You leave only when you are steady, alert and your readings are back near where they started.',
    attestations: {
      off_label_use: offLabel('by mouth'),
      expected_effects:
        'I understand that oral ketamine may lift my mood, that it may not help me, that how much my body absorbs ' +
        'varies, and that several treatments are usually needed.',
    },
  },
};

/** Wording that is the same for every route. */
const commonAttestations: Partial<Record<AttestationTopic, string>> = {
  dissociation:
    'I understand that during treatment I may feel detached from my body or surroundings, see or hear things ' +
    'differently, or feel confused or anxious (dissociation), and that this usually passes within about two hours.',
  blood_pressure_rise:
    'I understand that my blood pressure and heart rate will rise for a while during treatment, that this can be ' +
    'dangerous with some heart, blood-vessel or brain conditions, and that staff may delay or stop a treatment ' +
    'because of it.',
  nausea:
    'I understand that I may feel sick or vomit, and that I should follow the clinic’s instructions about eating ' +
    'and drinking before each treatment.',
  dependence_misuse:
    'I understand that ketamine and esketamine are controlled substances that can be misused and can cause ' +
    'dependence, that frequent use can damage the bladder, and that I will tell the clinic about any past or ' +
    'present substance use.',
  no_driving_or_major_decisions:
    'I will not drive, operate machinery, drink alcohol or make important decisions (legal, financial, personal) ' +
    'until the next day after a restful sleep.',
  escort_home:
    'I will have an adult escort take me home after each treatment; I understand that without one the treatment ' +
    'will not go ahead, and that I may not leave alone, by taxi or by ride-share on my own.',
  costs_and_insurance:
    'I understand what each treatment costs, that my insurance may not pay for it, and that I am responsible for ' +
    'the charges my insurance does not cover.',
  right_to_withdraw:
    'I understand that taking part is my choice, that I may stop treatment or withdraw this consent at any time ' +
    'without losing access to other care, and that other options (such as other medicines, psychotherapy, TMS or ' +
    'ECT) have been explained to me.',
};

const topicOrder: readonly AttestationTopic[] = [
  'off_label_use',
  'expected_effects',
  'rems_monitoring',
  'dissociation',
  'blood_pressure_rise',
  'nausea',
  'dependence_misuse',
  'no_driving_or_major_decisions',
  'escort_home',
  'costs_and_insurance',
  'right_to_withdraw',
];

function body(w: RouteWording): string {
  return `> **Template — the clinic must review this document with its counsel before use.** It is a starting point
> shipped with ketacare, not legal or medical advice.

# ${w.title}

Please read this document, ask any questions you have, and sign only when you understand it.

## The treatment

${w.given}

${w.status}

## What to expect

Most people feel the effects within minutes: a dreamy or floating feeling, changes in how things look or sound,
numbness, and sometimes anxiety. These usually pass within about two hours. Some people feel better within hours or
days; others do not improve. Your prescriber will check your progress with questionnaires before and between
treatments.

## Risks and side effects

- **Dissociation**: feeling detached from yourself or your surroundings, or confused, during treatment.
- **Higher blood pressure and heart rate** for a while: staff check them before, during and after treatment.
- **Nausea or vomiting**, dizziness, headache, blurred vision, sleepiness.
- **Slowed breathing** is rare at these doses; staff watch your breathing and oxygen level.
- **Misuse and dependence**: ketamine and esketamine are controlled substances. Frequent use can harm the bladder.
- Treatment may **not help**, and depression or thoughts of suicide can return or get worse. If you have thoughts of
  harming yourself, call or text **988** (Suicide & Crisis Lifeline) or go to the nearest emergency department.

## Monitoring in the clinic

${w.monitoring}

## After each treatment

- An adult escort must take you home.
- Do not drive, operate machinery, drink alcohol or make important decisions until the next day after a restful sleep.
- Call the clinic if anything worries you.

## Costs and insurance

The clinic will tell you the cost of each treatment before you start. Your insurance may not cover it, or may
first need the clinic to ask for approval; you are responsible for charges it does not pay.

## Your choice

Taking part is voluntary. You may stop treatment or withdraw this consent at any time, in the portal or by telling
staff, without losing access to other care. Other options include other medicines, psychotherapy, transcranial
magnetic stimulation (TMS) and electroconvulsive therapy (ECT).
`;
}

/** The shipped document for a route, ready to publish. */
export function defaultDocument(route: ConsentRoute): PublishDocumentBody {
  const w = wording[route];
  const texts = { ...commonAttestations, ...w.attestations };
  const attestations: Attestation[] = topicOrder.flatMap((id) => {
    const text = texts[id];
    return text ? [{ id, text }] : [];
  });
  return { route, title: w.title, bodyMarkdown: body(w), attestations };
}
