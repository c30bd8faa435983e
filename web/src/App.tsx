import { Navigate, Route, Routes } from 'react-router';
import { consoleScreens } from './console/screens';
import { HelpNow } from './portal/HelpNow';
import { portalScreens } from './portal/screens';
import { ConsoleLayout } from './shell/ConsoleLayout';
import { NotYet } from './shell/NotYet';
import { PortalLayout } from './shell/PortalLayout';
import { SignIn } from './shell/SignIn';

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<SignIn audience="staff" />} />
      <Route path="/portal/login" element={<SignIn audience="patient" />} />
      <Route element={<ConsoleLayout />}>
        <Route index element={<Navigate to="/today" replace />} />
        {consoleScreens.map((screen) => (
          <Route key={screen.path} path={screen.path} element={<NotYet plan={screen} />} />
        ))}
      </Route>
      <Route path="/portal" element={<PortalLayout />}>
        <Route path="help" element={<HelpNow />} />
        {portalScreens.map((screen) => (
          <Route
            key={screen.path}
            {...(screen.path === '/portal' ? { index: true } : { path: screen.path.replace('/portal/', '') })}
            element={<NotYet plan={screen} />}
          />
        ))}
      </Route>
      <Route path="*" element={<Navigate to="/today" replace />} />
    </Routes>
  );
}
