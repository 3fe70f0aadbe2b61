import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { EngineKind } from './engine.js';

/**
 * The few SQL expressions that differ between SQLite and PostgreSQL, written once here so that
 * repositories keep one copy of each query.
 */

/**
 * `column` contains `pattern` (a LIKE pattern, `\` escapes), ignoring case. lower() on both sides,
 * in SQL: the same on both engines, and the pattern folds exactly as the column does (SQLite folds
 * ASCII letters only, PostgreSQL all of Unicode; folding the pattern in JavaScript would turn "Đ"
 * into "đ" where SQLite's column keeps "Đ").
 */
export function containsText<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${eb.ref(column as never)}) LIKE lower(${pattern}) ESCAPE '\\'`;
}

/** Escapes `%`, `_` and `\` so that `text` matches itself inside a LIKE pattern. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** The JSON array of strings stored as text in `column` holds `value`. */
export function jsonArrayHas(kind: EngineKind, column: RawBuilder<unknown> | string, value: string): RawBuilder<boolean> {
  const ref = typeof column === 'string' ? sql.ref(column) : column;
  return kind === 'postgres'
    ? sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${ref}::jsonb) AS element(value) WHERE element.value = ${value})`
    : sql<boolean>`EXISTS (SELECT 1 FROM json_each(${ref}) WHERE value = ${value})`;
}

/**
 * The text at `path` (keys, e.g. ['from', 'event']) inside the JSON object stored as text in
 * `column`; NULL when absent. SQLite's json_extract, PostgreSQL's #>> on the text cast to jsonb.
 */
export function jsonPathText(kind: EngineKind, column: string, path: readonly string[]): RawBuilder<string | null> {
  return kind === 'postgres'
    ? sql<string | null>`(${sql.ref(column)}::jsonb #>> ${`{${path.join(',')}}`})`
    : sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${path.join('.')}`})`;
}

/**
 * Seconds since the Unix epoch, with milliseconds, of an ISO-8601 instant stored as text, as a
 * double on both engines (SQLite's julianday would lose tens of microseconds).
 */
export function isoSeconds(kind: EngineKind, iso: RawBuilder<unknown>): RawBuilder<number> {
  return kind === 'postgres' ? sql<number>`CAST(EXTRACT(EPOCH FROM CAST(${iso} AS timestamptz)) AS double precision)` : sql<number>`unixepoch(${iso}, 'subsec')`;
}

/**
 * Holds `names` until the caller's transaction ends, on every node: PostgreSQL takes
 * transaction-scoped advisory locks (in a fixed order, so two callers never deadlock); on SQLite
 * the transaction's IMMEDIATE begin already admits one writer at a time, so nothing is needed.
 */
export async function lockForTransaction(tx: Kysely<any>, kind: EngineKind, names: readonly string[]): Promise<void> {
  if (!tx.isTransaction) throw new Error('lockForTransaction: call it inside a transaction');
  if (kind !== 'postgres') return;
  for (const name of [...new Set(names)].sort()) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(tx);
}
