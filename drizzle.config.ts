import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration from the schema diff. Never edit one that has been committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/platform/db/schema.ts',
  out: './migrations',
});
