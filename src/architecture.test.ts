import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The layering rules of ARCHITECTURE.md, checked on the source text so a violation fails the build. */
const root = new URL('.', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = sourceFiles(root).map((full) => ({
  path: relative(root, full),
  text: readFileSync(full, 'utf8'),
}));
const importsOf = (text: string) =>
  [...text.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
const isCore = (path: string) => /(^|\/)core(\.ts|\/)/.test(path) || path === 'identity/policy.ts';

describe('the pure clinical core', () => {
  const core = files.filter((f) => isCore(f.path));
  const forbidden = [
    /^drizzle-orm/,
    /^fastify/,
    /^@fastify\//,
    /^pg$/,
    /^@electric-sql\//,
    /^node:(fs|net|http|https|child_process|dgram|worker_threads)/,
    /\/platform\/(db|http)\//,
    /(service|routes|schema)\.js$/,
  ];

  it('exists', () => expect(core.length).toBeGreaterThan(0));

  for (const file of core) {
    it(`${file.path} does no I/O and depends on nothing outward`, () => {
      const bad = importsOf(file.text).filter((spec) => forbidden.some((re) => re.test(spec)));
      expect(bad).toEqual([]);
    });
  }
});

describe('services', () => {
  for (const file of files.filter((f) => f.path.endsWith('service.ts'))) {
    it(`${file.path} does not depend on HTTP routes or the web framework`, () => {
      const bad = importsOf(file.text).filter((spec) => /routes\.js$|^fastify$|^@fastify\//.test(spec));
      expect(bad).toEqual([]);
    });
  }
});

describe('time', () => {
  // The system clock is read in exactly one place; everything else receives a Clock.
  const allowed = new Set(['platform/clock.ts']);
  const outsideDomain = (path: string) => path.startsWith('cli/') || path.startsWith('testing/');
  for (const file of files.filter((f) => !allowed.has(f.path) && !outsideDomain(f.path))) {
    it(`${file.path} never reads the system clock directly`, () => {
      const code = file.text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/Date\.now\(\)|new Date\(\)/);
    });
  }
});
