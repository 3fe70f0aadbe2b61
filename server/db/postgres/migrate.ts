import type { Kysely } from 'kysely';

export async function migratePostgres(_db: Kysely<any>): Promise<void> {
  throw new Error('PostgreSQL migrations land with the pg-schema branch');
}
