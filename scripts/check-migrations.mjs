// Committed migrations are history: the runtime migrator never re-reads applied files, so an edited one would
// silently diverge between databases. This check fails when a journal timestamp does not increase, when a
// journal entry has no file, or when git history shows a committed migration file being modified or deleted.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const journal = JSON.parse(readFileSync('migrations/meta/_journal.json', 'utf8'));
const problems = [];
let previous = 0;
for (const entry of journal.entries) {
  if (entry.when <= previous) problems.push(`${entry.tag}: timestamp ${entry.when} does not increase`);
  previous = entry.when;
  if (!existsSync(`migrations/${entry.tag}.sql`)) problems.push(`${entry.tag}: no SQL file`);
}
try {
  const changed = execFileSync(
    'git',
    ['log', '--diff-filter=MDR', '--name-only', '--format=', '--', 'migrations/*.sql'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  ).trim();
  if (changed) problems.push(`committed migrations were edited or removed:\n${changed}`);
  const dirty = execFileSync(
    'git',
    ['diff', 'HEAD', '--name-only', '--diff-filter=MDR', '--', 'migrations/*.sql'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  ).trim();
  if (dirty) problems.push(`committed migrations are being edited:\n${dirty}`);
} catch {
  // Not a git checkout (an npm tarball): the journal checks above still ran.
}
if (problems.length > 0) {
  console.error(`Migration history check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`Migration history OK (${journal.entries.length} migrations).`);
