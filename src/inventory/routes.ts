import type { App, AppDeps } from '../platform/http/app.js';

export function inventoryRoutes(_app: App, _deps: AppDeps) {}
