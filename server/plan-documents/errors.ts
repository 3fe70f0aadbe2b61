/** Why a document cannot be read, with its HTTP status and a message in Vietnamese and English. */
export class PlanReadError extends Error {
  constructor(
    readonly status: 400 | 413 | 422 | 503,
    readonly code: string,
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}
