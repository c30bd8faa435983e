/** Performance targets as data (issue 9), and the pure arithmetic the summary uses. */

export interface Target {
  id: string;
  description: string;
  /** Which measured figure it reads, e.g. `coldStart.medianMs`. */
  metric: string;
  engine: 'pglite' | 'postgres' | 'any';
  /** `max`: the value must be at most `limit`; `min`: at least. `report`: measured, no limit yet. */
  kind: 'max' | 'min' | 'report';
  limit?: number;
  unit: string;
}

export const targets: Target[] = [
  {
    id: 'cold-start-embedded',
    description: 'Cold start to first 200 on /readyz, existing data directory',
    metric: 'coldStart.medianMs',
    engine: 'pglite',
    kind: 'max',
    limit: 2000,
    unit: 'ms',
  },
  {
    id: 'idle-rss-postgres',
    description: 'Idle server memory (RSS) on PostgreSQL',
    metric: 'memory.idleRssMb',
    engine: 'postgres',
    kind: 'max',
    limit: 250,
    unit: 'MB',
  },
  // The audit keeps up with reads on each engine: small database cost per read, sealing well above read rates.
  ...(['pglite', 'postgres'] as const).flatMap((engine): Target[] => [
    {
      id: `audit-db-per-read-${engine}`,
      description: 'Database time the audit adds per read (batched flush + sealing, off the request path)',
      metric: 'audit.dbMsPerRead',
      engine,
      kind: 'max',
      limit: 0.5,
      unit: 'ms',
    },
    {
      id: `audit-seal-throughput-${engine}`,
      description: 'Audit entries sealed onto the hash chain per second',
      metric: 'audit.sealPerSecond',
      engine,
      kind: 'min',
      limit: 2000,
      unit: 'entries/s',
    },
  ]),
  {
    id: 'idle-rss-embedded',
    description: 'Idle server memory (RSS) on the embedded engine (report and bring down)',
    metric: 'memory.idleRssMb',
    engine: 'pglite',
    kind: 'report',
    unit: 'MB',
  },
];

export interface Verdict {
  target: Target;
  value: number | undefined;
  status: 'met' | 'missed' | 'reported' | 'not-measured';
  /** How far past the limit, as a percentage of the limit (missed only). */
  overByPercent?: number;
}

export function evaluate(target: Target, value: number | undefined): Verdict {
  if (value === undefined || Number.isNaN(value)) return { target, value, status: 'not-measured' };
  if (target.kind === 'report' || target.limit === undefined) return { target, value, status: 'reported' };
  const ok = target.kind === 'max' ? value <= target.limit : value >= target.limit;
  if (ok) return { target, value, status: 'met' };
  const over = target.kind === 'max' ? value - target.limit : target.limit - value;
  return { target, value, status: 'missed', overByPercent: Math.round((over / target.limit) * 1000) / 10 };
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError('percentile must be between 0 and 100');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Reads a dotted path such as `coldStart.medianMs` from a result object. */
export function metricValue(result: unknown, path: string): number | undefined {
  let node: unknown = result;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' ? node : undefined;
}
