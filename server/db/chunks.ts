/** Rows per statement: well under either engine's limit of bound parameters (SQLite 32766, PostgreSQL 65535). */
export const CHUNK_ROWS = 500;

/** The rows in runs of CHUNK_ROWS, one statement each. */
export function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) yield rows.slice(i, i + CHUNK_ROWS);
}
