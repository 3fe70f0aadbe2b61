import { ApiError } from './data/http.js';

/** A server problem's `errors[]` (paths like "body.closes", "body.target.zoneId"), matched to the form's fields. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The messages for a field: its own path and anything below it ("body.content.itemIds" also
 * takes "body.content.itemIds.0"), joined for display; '' when the field has none.
 */
export function messageFor(errors: readonly FieldError[], path: string): string {
  return errors
    .filter((e) => e.path === path || e.path.startsWith(`${path}.`))
    .map((e) => e.message)
    .join(' ');
}

/** Messages no field of the form claims (e.g. "body" for an unknown key), so none is lost. */
export function unclaimed(errors: readonly FieldError[], fieldPaths: readonly string[]): FieldError[] {
  return errors.filter((e) => !fieldPaths.some((p) => e.path === p || e.path.startsWith(`${p}.`)));
}

/** A failed call as a form shows it: a summary line, and the field errors to place beside their fields. */
export function problemOf(err: unknown): { message: string; fields: FieldError[] } {
  if (err instanceof ApiError) return { message: err.detail ?? err.title, fields: err.fieldErrors };
  return { message: err instanceof Error ? err.message : String(err), fields: [] };
}
