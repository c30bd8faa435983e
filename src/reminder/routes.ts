import type { App, AppDeps } from '../platform/http/app.js';

export function reminderRoutes(_app: App, _deps: AppDeps) {}
