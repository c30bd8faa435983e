/**
 * `npm run bench`: starts the real server (built, in its own process) on each engine — embedded PGlite always,
 * PostgreSQL when DATABASE_URL is set — drives each scenario with autocannon in another process on loopback,
 * samples the server's memory, measures cold start, and writes bench/results/<date>-<engine>.json and
 * <date>-summary.md. BENCH_QUICK=1 runs each scenario for 2 s (a smoke run).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, demoLogins } from '../src/demo/demo.js';
import { createThrowawayPostgres } from '../src/testing/db.js';
import { measureAuditThroughput } from './audit.js';
import { type Scenario, scenarios } from './scenarios.js';
import { evaluate, median, metricValue, targets, type Verdict } from './targets.js';

type Engine = 'pglite' | 'postgres';
const quick = process.env.BENCH_QUICK === '1';
const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, 'bench/results');
const cli = join(root, 'bin/ketacare.js');
const autocannonBin = join(root, 'node_modules/autocannon/autocannon.js');

interface Server {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

function rssMb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

/** Starts `ketacare serve` and resolves once it prints its URL; rejects if it exits first. */
function startServer(env: NodeJS.ProcessEnv, demo: boolean): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...(demo ? ['--demo'] : [])], {
    env: { ...process.env, LOG_LEVEL: 'warn', KETACARE_BACKUP: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ketacare is running at (\S+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        resolve({
          process: child,
          url: match[1]!,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
}

async function waitReady(url: string, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('server did not become ready in time');
}

interface ScenarioResult {
  name: string;
  description: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95?: number; p97_5: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
  peakRssMb: number;
}

interface SignedIn {
  cookie: string;
  clinicId: string;
  patientId: string;
}

/** Signs a demo user in and finds the demo clinic and its patient, for scenarios that need a session. */
async function signIn(url: string, role: string): Promise<SignedIn> {
  const login = demoLogins.find((l) => l.role === role)!;
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: login.email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`bench sign-in as ${role} failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const session = (await (await fetch(`${url}/api/auth/session`, { headers: { cookie } })).json()) as {
    clinics: { clinicId: string }[];
  };
  const clinicId = session.clinics[0]!.clinicId;
  const list = (await (
    await fetch(`${url}/api/clinics/${clinicId}/patients`, { headers: { cookie } })
  ).json()) as { patients: { id: string }[] };
  return { cookie, clinicId, patientId: list.patients[0]!.id };
}

/** `ketacare audit verify` against the benchmarked database (through the server on the embedded engine). */
function verifyTrail(env: NodeJS.ProcessEnv) {
  try {
    const out = execFileSync(process.execPath, [cli, 'audit', 'verify'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    return { ok: true, chains: out.trim().split('\n') };
  } catch (error) {
    return {
      ok: false,
      chains: String((error as { stdout?: string }).stdout ?? error)
        .trim()
        .split('\n'),
    };
  }
}

/** autocannon runs in its own process, so the load generator never competes with the server's event loop. */
function runLoad(
  url: string,
  scenario: Scenario,
  pid: number,
  session: SignedIn | undefined,
): Promise<ScenarioResult> {
  const seconds = quick ? 2 : scenario.seconds;
  const path = scenario.path
    .replace('{clinicId}', session?.clinicId ?? '')
    .replace('{patientId}', session?.patientId ?? '');
  const child = spawn(
    process.execPath,
    [
      autocannonBin,
      '--json',
      '-c',
      String(scenario.connections),
      '-d',
      String(seconds),
      '-m',
      scenario.method,
      ...(session ? ['-H', `cookie:${session.cookie}`] : []),
      `${url}${path}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid).rss);
    } catch {
      // process gone
    }
  }, 200);
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out);
      resolve({
        name: scenario.name,
        description: scenario.description,
        connections: scenario.connections,
        seconds,
        requestsPerSecond: r.requests.average,
        latencyMs: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        peakRssMb: peak,
      });
    });
  });
}

async function benchEngine(engine: Engine) {
  let env: NodeJS.ProcessEnv;
  let cleanup: () => Promise<void>;
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'ketacare-bench-'));
    env = { KETACARE_DATA: dir, DATABASE_URL: '' };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await createThrowawayPostgres();
    env = { DATABASE_URL: db.url };
    cleanup = db.drop;
  }
  try {
    const server = await startServer(env, true);
    await waitReady(server.url, Date.now() + 30_000);
    const pid = server.process.pid!;
    // Warm up, then take the idle figure before any load.
    for (let i = 0; i < 50; i++) await fetch(`${server.url}/api/public/clinics`);
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssMb(pid);
    const nurse = await signIn(server.url, 'nurse');
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      console.log(`  ${engine}: ${scenario.name} …`);
      results.push(await runLoad(server.url, scenario, pid, scenario.signedInAs ? nurse : undefined));
    }
    const hwm = rssMb(pid).hwm;
    // Reads are flushed within a second and sealed within two: the chain must be whole and caught up.
    await new Promise((r) => setTimeout(r, 4000));
    const trail = verifyTrail(env);
    await server.stop();
    console.log(`  ${engine}: audit throughput …`);
    const audit = auditOverhead(results, trail, await auditThroughputOn(engine));

    // Cold start: process start → first 200 on /readyz, on the now-existing database.
    const starts: number[] = [];
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const t0 = performance.now();
      const again = await startServer(env, false);
      await waitReady(again.url, Date.now() + 30_000);
      starts.push(Math.round(performance.now() - t0));
      await again.stop();
    }
    return {
      engine,
      scenarios: results,
      audit,
      memory: { idleRssMb: idle.rss, peakRssMb: Math.max(hwm, ...results.map((r) => r.peakRssMb)) },
      coldStart: { runs: starts, medianMs: median(starts) },
    };
  } finally {
    await cleanup();
  }
}

/** The direct audit measurement runs on its own fresh database, never on the benchmarked server's. */
async function auditThroughputOn(engine: Engine) {
  const entries = quick ? 2000 : 20_000;
  if (engine === 'pglite') return measureAuditThroughput(undefined, entries);
  const db = await createThrowawayPostgres();
  try {
    return await measureAuditThroughput(db.url, entries);
  } finally {
    await db.drop();
  }
}

/**
 * The audited chart read against the same run's public read: the difference is an upper bound on the audit's
 * cost on the request path, since it also holds the session lookup and the permission check. The audit's
 * database work (flush and seal) happens off the request path and is measured directly.
 */
function auditOverhead(
  results: ScenarioResult[],
  trail: ReturnType<typeof verifyTrail>,
  throughput: Awaited<ReturnType<typeof measureAuditThroughput>>,
) {
  const msPerRequest = (name: string) => {
    const r = results.find((s) => s.name === name);
    return r ? 1000 / r.requestsPerSecond : Number.NaN;
  };
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const audited = msPerRequest('chart-read-audited');
  const plain = msPerRequest('public-clinics');
  return {
    auditedReadMs: round(audited),
    publicReadMs: round(plain),
    protectedOverheadMs: round(audited - plain),
    dbShareOfAuditedReadPercent: round((throughput.dbMsPerRead / audited) * 100),
    ...throughput,
    trail,
  };
}

function summaryMarkdown(
  date: string,
  runs: Awaited<ReturnType<typeof benchEngine>>[],
  verdicts: Verdict[],
): string {
  const lines = [`# ketacare benchmark — ${date}${quick ? ' (quick run)' : ''}`, ''];
  lines.push(
    `Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    '',
  );
  if (!runs.some((r) => r.engine === 'postgres'))
    lines.push('PostgreSQL was not measured: DATABASE_URL was not set.', '');
  lines.push(
    '| engine | scenario | conns | req/s | p50 ms | p97.5 ms | p99 ms | non-2xx | errors | peak RSS MB |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const run of runs) {
    for (const s of run.scenarios) {
      lines.push(
        `| ${run.engine} | ${s.name} | ${s.connections} | ${Math.round(s.requestsPerSecond)} | ${s.latencyMs.p50} | ${s.latencyMs.p97_5} | ${s.latencyMs.p99} | ${s.non2xx} | ${s.errors} | ${s.peakRssMb} |`,
      );
    }
  }
  lines.push('', '| engine | cold start median (runs) | idle RSS MB | peak RSS MB |', '|---|---|---|---|');
  for (const run of runs) {
    lines.push(
      `| ${run.engine} | ${run.coldStart.medianMs} ms (${run.coldStart.runs.join(', ')}) | ${run.memory.idleRssMb} | ${run.memory.peakRssMb} |`,
    );
  }
  lines.push(
    '',
    '## Audit overhead',
    '',
    'Server time per request is 1000 / req/s at saturation. "Protected overhead" is the audited chart read minus the public read: session, permission check and the audit push together. The audit\'s database work (batched flush + sealing) is off the request path, measured directly on a fresh database.',
    '',
    '| engine | audited read ms | public read ms | protected overhead ms | audit DB ms per read (share) | flush entries/s | seal entries/s | verify entries/s | chain after load |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const { engine, audit: a } of runs) {
    lines.push(
      `| ${engine} | ${a.auditedReadMs} | ${a.publicReadMs} | ${a.protectedOverheadMs} | ${a.dbMsPerRead} (${a.dbShareOfAuditedReadPercent} %) | ${a.flushPerSecond} | ${a.sealPerSecond} | ${a.verifyPerSecond} | ${a.trail.chains.join('<br>')} |`,
    );
  }
  lines.push(
    '',
    '## Targets',
    '',
    '| target | engine | measured | limit | status |',
    '|---|---|---|---|---|',
  );
  for (const v of verdicts) {
    const limit =
      v.target.limit === undefined
        ? '—'
        : `${v.target.kind === 'max' ? '≤' : '≥'} ${v.target.limit} ${v.target.unit}`;
    const status = v.status === 'missed' ? `missed by ${v.overByPercent} %` : v.status;
    const value = v.value === undefined ? '—' : `${v.value} ${v.target.unit}`;
    lines.push(`| ${v.target.description} | ${v.target.engine} | ${value} | ${limit} | ${status} |`);
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  console.log('Building the server …');
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' });
  const engines: Engine[] = ['pglite', ...(process.env.DATABASE_URL ? (['postgres'] as const) : [])];
  const date = new Date().toISOString().slice(0, 10);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  mkdirSync(resultsDir, { recursive: true });
  const runs: Awaited<ReturnType<typeof benchEngine>>[] = [];
  for (const engine of engines) {
    console.log(`Engine ${engine}`);
    const run = await benchEngine(engine);
    runs.push(run);
    const file = join(resultsDir, `${date}-${engine}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ date, commit, quick, machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, ...run }, null, 2)}\n`,
    );
  }
  const verdicts = targets
    .filter((t) => t.engine === 'any' || engines.includes(t.engine))
    .map((t) =>
      evaluate(
        t,
        metricValue(
          runs.find((r) => t.engine === 'any' || r.engine === t.engine),
          t.metric,
        ),
      ),
    );
  const summary = summaryMarkdown(date, runs, verdicts);
  writeFileSync(join(resultsDir, `${date}-summary.md`), summary);
  console.log(`\n${summary}`);
}

await main();
