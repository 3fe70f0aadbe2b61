import type { Db } from './database.js';
import type { ContentStatus, Slogan } from '../protocol/api.js';

interface SloganRow {
  id: number;
  key: string;
  status: ContentStatus;
  tags_json: string;
  source_section: string;
  text: string;
  revision_id: number;
  doc_number: string | null;
  doc_issuer: string | null;
  doc_issued_on: string | null;
}

/** A slogan together with the revision that screens and prints may use. */
export interface PlayableSlogan extends Slogan {
  revisionId: number;
}

const SELECT_SLOGANS = `
  SELECT i.id, i.key, i.status, i.tags_json, i.source_section,
         r.text, r.id AS revision_id,
         d.number AS doc_number, d.issuer AS doc_issuer, d.issued_on AS doc_issued_on
  FROM content_items i
  JOIN content_revisions r ON r.id = COALESCE(i.approved_revision_id,
       (SELECT MAX(id) FROM content_revisions WHERE item_id = i.id))
  LEFT JOIN plan_documents d ON d.id = i.source_document_id
  WHERE i.kind = 'slogan'`;

export class ContentRepository {
  private readonly all;
  private readonly approved;
  private readonly byKey;
  private readonly byId;

  constructor(db: Db) {
    this.all = db.prepare<[], SloganRow>(`${SELECT_SLOGANS} ORDER BY i.id`);
    this.approved = db.prepare<[], SloganRow>(
      `${SELECT_SLOGANS} AND i.status = 'approved' AND i.approved_revision_id IS NOT NULL ORDER BY i.id`,
    );
    this.byKey = db.prepare<[string], SloganRow>(`${SELECT_SLOGANS} AND i.key = ?`);
    this.byId = db.prepare<[number], SloganRow>(`${SELECT_SLOGANS} AND i.id = ?`);
  }

  listSlogans(): PlayableSlogan[] {
    return this.all.all().map(toSlogan);
  }

  /** Only approved items, with their approved revision: the one gate to screens and print. */
  listApprovedSlogans(): PlayableSlogan[] {
    return this.approved.all().map(toSlogan);
  }

  /** Finds a slogan by numeric id or by its plan key (e.g. "kh-01"). */
  findSlogan(ref: string): PlayableSlogan | undefined {
    const row = /^\d+$/.test(ref) ? this.byId.get(Number(ref)) : this.byKey.get(ref);
    return row ? toSlogan(row) : undefined;
  }
}

function toSlogan(row: SloganRow): PlayableSlogan {
  return {
    id: row.id,
    key: row.key,
    text: row.text,
    status: row.status,
    tags: JSON.parse(row.tags_json) as string[],
    revisionId: row.revision_id,
    source: {
      document: row.doc_number ?? '',
      issuer: row.doc_issuer ?? '',
      issuedOn: row.doc_issued_on ?? '',
      section: row.source_section,
    },
  };
}
