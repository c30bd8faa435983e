import type { ReactNode } from 'react';
import { Navigate, Outlet, Route, Routes } from 'react-router';
import { Account } from './account/Account';
import { Enrol } from './account/Enrol';
import { Admin } from './admin/Admin';
import { Alerts } from './alerts/Alerts';
import { consoleScreens } from './console/screens';
import { ControlledSubstances } from './inventory/ControlledSubstances';
import { PatientPage } from './patients/PatientPage';
import { Patients } from './patients/Patients';
import { Appointments } from './portal/Appointments';
import { Consent } from './portal/consent/Consent';
import { SignConsent } from './portal/consent/SignConsent';
import { HelpNow } from './portal/HelpNow';
import { Intake } from './portal/intake/Intake';
import { Join } from './portal/Join';
import { PortalHome } from './portal/PortalHome';
import { Progress } from './portal/Progress';
import { Questionnaire } from './portal/Questionnaire';
import { Questionnaires } from './portal/Questionnaires';
import { portalScreens } from './portal/screens';
import { Reports } from './reports/Reports';
import { Schedule } from './schedule/Schedule';
import { RequireSession } from './session/RequireSession';
import { SessionProvider } from './session/session';
import { Settings } from './settings/Settings';
import { ConsoleLayout } from './shell/ConsoleLayout';
import { NotYet } from './shell/NotYet';
import { PortalLayout } from './shell/PortalLayout';
import { SignIn } from './shell/SignIn';

/** Screens built so far; the rest of the console keeps its honest "not yet" page. */
const built: Record<string, ReactNode> = {
  '/patients': <Patients />,
  '/admin': <Admin />,
  '/reports': <Reports />,
  '/alerts': <Alerts />,
  '/settings': <Settings />,
  '/schedule': <Schedule />,
  '/controlled-substances': <ControlledSubstances />,
};

/** Portal screens built so far. */
const builtPortal: Record<string, ReactNode> = {
  '/portal': <PortalHome />,
  '/portal/questionnaires': <Questionnaires />,
  '/portal/progress': <Progress />,
  '/portal/appointments': <Appointments />,
};

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="/login" element={<SignIn audience="staff" />} />
        <Route path="/portal/login" element={<SignIn audience="patient" />} />
        <Route
          path="/account/authenticator"
          element={
            <RequireSession audience="staff">
              <Enrol />
            </RequireSession>
          }
        />
        <Route
          element={
            <RequireSession audience="staff">
              <ConsoleLayout />
            </RequireSession>
          }
        >
          <Route index element={<Navigate to="/today" replace />} />
          {consoleScreens.map((screen) => (
            <Route
              key={screen.path}
              path={screen.path}
              element={built[screen.path] ?? <NotYet plan={screen} />}
            />
          ))}
          <Route path="/patients/:patientId" element={<PatientPage />} />
          <Route path="/account" element={<Account />} />
        </Route>
        <Route path="/portal" element={<PortalLayout />}>
          <Route path="help" element={<HelpNow />} />
          <Route path="join" element={<Join />} />
          <Route path="join/:token" element={<Join />} />
          <Route
            element={
              <RequireSession audience="patient">
                <Outlet />
              </RequireSession>
            }
          >
            {portalScreens.map((screen) => (
              <Route
                key={screen.path}
                {...(screen.path === '/portal'
                  ? { index: true }
                  : { path: screen.path.replace('/portal/', '') })}
                element={builtPortal[screen.path] ?? <NotYet plan={screen} />}
              />
            ))}
            <Route path="questionnaires/:instrumentId" element={<Questionnaire />} />
            <Route path="intake" element={<Intake />} />
            <Route path="consent" element={<Consent />} />
            <Route path="consent/:documentId" element={<SignConsent />} />
          </Route>
        </Route>
        <Route path="*" element={<Navigate to="/today" replace />} />
      </Routes>
    </SessionProvider>
  );
}
