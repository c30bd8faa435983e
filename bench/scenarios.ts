/**
 * Load scenarios: each is one request shape driven by autocannon in a separate process against the started
 * server on loopback. A module adds its scenario here (ingest, chair board, chart, reports, dispensing …).
 */
export interface Scenario {
  name: string;
  description: string;
  method: 'GET' | 'POST';
  path: string;
  connections: number;
  /** Seconds of load (shortened by BENCH_QUICK=1). */
  seconds: number;
  /** Signed in as this demo user; `{clinicId}` and `{patientId}` in the path are the demo clinic's. */
  signedInAs?: 'nurse';
}

export const scenarios: Scenario[] = [
  {
    name: 'readyz',
    description: 'Readiness probe: database ping and migration check',
    method: 'GET',
    path: '/readyz',
    connections: 16,
    seconds: 10,
  },
  {
    name: 'public-clinics',
    description: 'One database-backed read through the full stack (routing, schema serialisation)',
    method: 'GET',
    path: '/api/public/clinics',
    connections: 32,
    seconds: 10,
  },
  {
    name: 'chart-read-audited',
    description:
      'A nurse opens a patient: session, permission check, one database read, and a buffered audit entry',
    method: 'GET',
    path: '/api/clinics/{clinicId}/patients/{patientId}',
    connections: 32,
    seconds: 10,
    signedInAs: 'nurse',
  },
];
