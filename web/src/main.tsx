import '@mantine/core/styles.css';
import './shell/shell.css';
import { type CSSVariablesResolver, createTheme, MantineProvider, Modal } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';

const theme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps white-on-teal and teal-on-white text above the WCAG AA contrast ratio (4.5:1).
  primaryShade: 9,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    // The close button is an icon only: give it a name screen readers can say. Scroll locking injects a style
    // tag without the CSP nonce, which the policy (rightly) blocks.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' }, lockScroll: false } }),
  },
});

// Mantine's default "dimmed" grey is below 4.5:1 on white; secondary text must stay readable at a glance.
const readableText: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Hovered teal buttons and text on light teal/red/orange surfaces (alerts, badges) stay above 4.5:1 too.
    '--mantine-color-teal-filled-hover': '#066649',
    '--mantine-color-teal-light': 'var(--mantine-color-teal-0)',
    '--mantine-color-red-light': 'var(--mantine-color-red-0)',
    '--mantine-color-orange-light': 'var(--mantine-color-orange-0)',
    // Field errors ("Write a note …") in red that reads at 4.5:1 on white.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

// The server's CSP allows style tags only with this response's nonce (no 'unsafe-inline').
const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={readableText} getStyleNonce={() => styleNonce}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
