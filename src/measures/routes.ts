import type { App, AppDeps } from '../platform/http/app.js';

// Filled in by the module's service work (issue 4).
export function measuresRoutes(_app: App, _deps: AppDeps) {}
