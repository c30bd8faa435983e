import type { ScreenPlan } from '../shell/NotYet';

export interface PortalScreen extends ScreenPlan {
  path: string;
  label: string;
}

/** The patient portal (phone first). Help now is always one tap away and is not in this list. */
export const portalScreens: PortalScreen[] = [
  {
    path: '/portal',
    label: 'Home',
    title: 'Home',
    purpose: 'What is due, and your next appointment.',
    will: [
      'Questionnaires, consent and escort confirmation that are due',
      'Your next appointment and how to prepare',
    ],
  },
  {
    path: '/portal/questionnaires',
    label: 'Questionnaires',
    title: 'Questionnaires',
    purpose: 'Short questionnaires your care team asks for before sessions and between them.',
    will: ['What is due now', 'Past answers'],
  },
  {
    path: '/portal/progress',
    label: 'My progress',
    title: 'My progress',
    purpose: 'How your scores have changed, in plain language.',
    will: ['Your trend over time'],
  },
  {
    path: '/portal/appointments',
    label: 'Appointments',
    title: 'Appointments',
    purpose: 'Your sessions and how to prepare for them.',
    will: ['Upcoming sessions with a calendar file', 'Fasting and escort instructions'],
  },
  {
    path: '/portal/documents',
    label: 'Documents',
    title: 'Documents',
    purpose: 'Papers you have signed or been given.',
    will: ['Signed consents', 'Discharge instructions'],
  },
  {
    path: '/portal/learn',
    label: 'Learn',
    title: 'Learn',
    purpose: 'What to expect from treatment.',
    will: ['What a session is like', 'Side effects and when to call the clinic'],
  },
];
