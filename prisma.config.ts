import { defineConfig } from 'prisma/config';

// `env()` from prisma/config throws when the variable is unset, even for `generate`,
// which needs no database. A placeholder keeps generate working without DATABASE_URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://placeholder@localhost:5432/placeholder' },
});
