import type { ScreenPlan } from '../shell/NotYet';

/** The clinic console's navigation, in the order staff reach for it (screens.md). */
export interface ConsoleScreen extends ScreenPlan {
  path: string;
  label: string;
}

export const consoleScreens: ConsoleScreen[] = [
  {
    path: '/today',
    label: 'Today',
    title: 'Today',
    purpose: 'The chair board and today’s arrivals, updated live.',
    will: [
      'One card per chair: patient, session state, elapsed time, infusion end, earliest discharge',
      'Last vitals with trend arrows and open alerts at the top',
      'Today’s arrivals with check-in readiness: consent, order, escort, fasting, questionnaire',
    ],
  },
  {
    path: '/patients',
    label: 'Patients',
    title: 'Patients',
    purpose: 'Find a patient and open their chart.',
    will: [
      'Search by name',
      'Chart header: age, route approvals, cautions, consent status, next appointment',
      'Summary with the score trend, intake, screening, consent, course and orders, sessions, who looked',
    ],
  },
  {
    path: '/schedule',
    label: 'Schedule',
    title: 'Schedule',
    purpose: 'Day and week by chair.',
    will: ['Bookings by chair', 'Refusals explained: interval rule, session cap, chair taken'],
  },
  {
    path: '/alerts',
    label: 'Alerts',
    title: 'Alerts',
    purpose: 'The work queue of things that need a person now.',
    will: ['Safety, vital-sign and next-day follow-up alerts', 'Acknowledge with the action taken'],
  },
  {
    path: '/controlled-substances',
    label: 'Controlled substances',
    title: 'Controlled substances',
    purpose: 'The Schedule III ledger.',
    will: [
      'Stock by product, lot and location',
      'Receive, counts, discrepancies',
      'Reports and registrations',
    ],
  },
  {
    path: '/reports',
    label: 'Reports',
    title: 'Reports',
    purpose: 'How the clinic is doing.',
    will: ['Outcomes', 'Safety: alerts and adverse events per 100 sessions', 'REMS deadlines', 'Operations'],
  },
  {
    path: '/settings',
    label: 'Settings',
    title: 'Settings',
    purpose: 'The clinic’s clinical thresholds, with their sources and who changed them.',
    will: ['Each threshold with its default and source', 'Changes with a reason, confirmed, versioned'],
  },
  {
    path: '/admin',
    label: 'Admin',
    title: 'Admin',
    purpose: 'People, devices and clinic configuration.',
    will: [
      'Staff and licences with expiry warnings; device tokens',
      'Protocols, thresholds, rules, consent documents and state rules — each with its version history',
    ],
  },
];
