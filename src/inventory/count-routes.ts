import type { App, AppDeps } from '../platform/http/app.js';

export function inventoryCountRoutes(_app: App, _deps: AppDeps) {}
