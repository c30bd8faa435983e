-- drizzle-kit does not emit CREATE EXTENSION, so extensions get their own first migration.
-- btree_gist: exclusion constraints on time ranges (no double-booked chair); citext: case-insensitive emails;
-- pgcrypto: digest() for the audit hash chain checks in SQL.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;
