import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  /** Resolves with the URL from the "ketacare is running at" line; rejects if the process exits first. */
  url: Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves once the output matches `pattern` (lines printed after the URL arrive in later chunks). */
  waitFor(pattern: RegExp): Promise<string>;
}

/** Runs a TypeScript entry point of this repo as a real process (the CLI by default). */
export function spawnScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: undefined,
      KETACARE_TEST_ENGINE: undefined,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: { pattern: RegExp; resolve: (text: string) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      for (const w of waiters) if (w.pattern.test(text)) w.resolve(text);
      const match = /ketacare is running at (\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${text}`)));
  });
  url.catch(() => {});
  const waitFor = (pattern: RegExp) =>
    pattern.test(text)
      ? Promise.resolve(text)
      : new Promise<string>((resolve) => waiters.push({ pattern, resolve }));
  return { child, url, exited, output: () => text, waitFor };
}

export function spawnCli(args: string[], env: Record<string, string | undefined> = {}): Spawned {
  return spawnScript('src/cli/main.ts', args, env);
}
