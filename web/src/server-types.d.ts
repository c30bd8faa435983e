// API types come from the server's model files; one of them (identity/actor.ts) augments Fastify's request
// type, so the compiler needs Fastify's declarations in this program too. Types only: nothing is bundled.
import type {} from 'fastify';
