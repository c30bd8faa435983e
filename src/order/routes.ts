import type { App, AppDeps } from '../platform/http/app.js';

export function orderRoutes(_app: App, _deps: AppDeps) {}
