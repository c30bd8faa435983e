import type { App, AppDeps } from '../platform/http/app.js';

export function courseRoutes(_app: App, _deps: AppDeps) {}
