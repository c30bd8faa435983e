import type { App, AppDeps } from '../platform/http/app.js';

// Filled in by the module's service work (issue 5).
export function consentRoutes(_app: App, _deps: AppDeps) {}
