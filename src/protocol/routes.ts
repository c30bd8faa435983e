import type { App, AppDeps } from '../platform/http/app.js';

export function protocolRoutes(_app: App, _deps: AppDeps) {}
