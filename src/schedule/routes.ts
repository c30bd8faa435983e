import type { App, AppDeps } from '../platform/http/app.js';

export function scheduleRoutes(_app: App, _deps: AppDeps) {}
