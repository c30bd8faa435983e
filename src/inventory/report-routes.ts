import type { App, AppDeps } from '../platform/http/app.js';

export function inventoryReportRoutes(_app: App, _deps: AppDeps) {}
