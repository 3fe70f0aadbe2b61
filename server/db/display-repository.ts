import { chunks } from './chunks.js';
import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from './engine.js';
import type { DisplayRole } from '../protocol/messages.js';

/** A paired display as stored; the token is known only by its SHA-256. */
export interface DisplayRecord {
  id: string;
  name: string;
  zoneId: string;
  role: DisplayRole | null;
  pairedAt: string;
  pairedBy: number | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  lastAddress: string | null;
  appVersion: string | null;
  screen: { width: number; height: number } | null;
  clockOffsetMs: number | null;
  clockRoundTripMs: number | null;
  clockMeasuredAt: string | null;
  clockUncertain: boolean;
  ackedVersion: string | null;
  ackLatencyMs: number | null;
  /** Plays it reported that were not believed (see ProofOfPlayRepository.record), and the last time. */
  refusedPlays: number;
  lastRefusedAt: string | null;
  /** The end of the timeline it last applied. */
  horizonEnd: string | null;
}

/** What a connected display says about itself; written in batches, never audited. */
export interface DisplaySelfStatus {
  id: string;
  lastSeenAt: string;
  lastAddress?: string;
  appVersion?: string;
  screen?: { width: number; height: number };
  /** Reported together: the offset, the round trip of its sample, when it was taken, and whether the display trusts it. */
  clock?: { offsetMs: number | null; roundTripMs: number | null; measuredAt: string | null; uncertain: boolean };
  ackedVersion?: string | null;
  ackLatencyMs?: number | null;
  horizonEnd?: string | null;
}

interface Row {
  id: string;
  name: string;
  zone_id: string;
  role: DisplayRole | null;
  paired_at: string;
  paired_by: number | null;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_address: string | null;
  app_version: string | null;
  screen_json: string | null;
  clock_offset_ms: number | null;
  clock_round_trip_ms: number | null;
  clock_measured_at: string | null;
  clock_uncertain: number;
  acked_version: string | null;
  ack_latency_ms: number | null;
  refused_plays: number;
  last_refused_at: string | null;
  horizon_end: string | null;
}

function toRecord(r: Row): DisplayRecord {
  return {
    id: r.id,
    name: r.name,
    zoneId: r.zone_id,
    role: r.role,
    pairedAt: r.paired_at,
    pairedBy: r.paired_by,
    revokedAt: r.revoked_at,
    lastSeenAt: r.last_seen_at,
    lastAddress: r.last_address,
    appVersion: r.app_version,
    screen: r.screen_json ? (JSON.parse(r.screen_json) as { width: number; height: number }) : null,
    clockOffsetMs: r.clock_offset_ms,
    clockRoundTripMs: r.clock_round_trip_ms,
    clockMeasuredAt: r.clock_measured_at,
    clockUncertain: r.clock_uncertain === 1,
    ackedVersion: r.acked_version,
    ackLatencyMs: r.ack_latency_ms,
    refusedPlays: r.refused_plays,
    lastRefusedAt: r.last_refused_at,
    horizonEnd: r.horizon_end,
  };
}

/** Registration and self-reported status of the screens; the only place with display SQL. */
export class DisplayRepository {
  constructor(private readonly q: Queryable) {}

  async create(
    d: { id: string; name: string; zoneId: string; role: DisplayRole | null; tokenSha256: string; pairedBy: number | null },
    at: Date,
  ): Promise<DisplayRecord> {
    await this.q
      .insertInto('displays')
      .values({ id: d.id, name: d.name, zone_id: d.zoneId, role: d.role, token_sha256: d.tokenSha256, paired_at: at.toISOString(), paired_by: d.pairedBy })
      .execute();
    return (await this.findById(d.id))!;
  }

  async findById(id: string): Promise<DisplayRecord | undefined> {
    const row = await this.q.selectFrom('displays').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row as Row);
  }

  /** The active (not revoked) display holding this token, if any. */
  async findActiveByTokenSha256(tokenSha256: string): Promise<DisplayRecord | undefined> {
    const row = await this.q
      .selectFrom('displays')
      .select(COLUMNS)
      .where('token_sha256', '=', tokenSha256)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row && toRecord(row as Row);
  }

  /**
   * The active displays holding these tokens, by token hash; an unknown or revoked one is absent.
   * A reconnect storm's screens are looked up together (IN lists of CHUNK_ROWS, under both engines' parameter limits).
   */
  async findActiveByTokenSha256s(tokenSha256s: readonly string[]): Promise<Map<string, DisplayRecord>> {
    const found = new Map<string, DisplayRecord>();
    const unique = [...new Set(tokenSha256s)];
    for (const chunk of chunks(unique)) {
      const rows = await this.q
        .selectFrom('displays')
        .select([...COLUMNS, 'token_sha256'])
        .where('token_sha256', 'in', chunk)
        .where('revoked_at', 'is', null)
        .execute();
      for (const { token_sha256, ...row } of rows) found.set(token_sha256, toRecord(row as Row));
    }
    return found;
  }

  /** Paired, not revoked: the compiler's displays and the control panel's list. */
  async listActive(): Promise<DisplayRecord[]> {
    const rows = await this.q.selectFrom('displays').select(COLUMNS).where('revoked_at', 'is', null).orderBy('zone_id').orderBy('name').orderBy('id').execute();
    return rows.map((r) => toRecord(r as Row));
  }

  async update(id: string, changes: { name?: string; zoneId?: string; role?: DisplayRole | null }): Promise<DisplayRecord> {
    const current = (await this.findById(id))!;
    const next = { name: changes.name ?? current.name, zoneId: changes.zoneId ?? current.zoneId, role: changes.role === undefined ? current.role : changes.role };
    await this.q.updateTable('displays').set({ name: next.name, zone_id: next.zoneId, role: next.role }).where('id', '=', id).execute();
    return (await this.findById(id))!;
  }

  async revoke(id: string, by: number | null, at: Date): Promise<DisplayRecord> {
    await this.q
      .updateTable('displays')
      .set({ revoked_at: at.toISOString(), revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return (await this.findById(id))!;
  }

  /**
   * A batch of self-reported statuses, one UPDATE per CHUNK_ROWS displays (a reconnect storm's
   * screens are written together): each column is a CASE on the id, and a display without that
   * field keeps its value.
   */
  async saveStatuses(statuses: readonly DisplaySelfStatus[]): Promise<void> {
    // Two reports of one display merge as two updates one after the other would.
    const merged = new Map<string, DisplaySelfStatus>();
    for (const s of statuses) merged.set(s.id, { ...merged.get(s.id), ...s });
    const all = [...merged.values()];
    for (const chunk of chunks(all)) {
      const whens = new Map<StatusColumn, RawBuilder<unknown>[]>();
      const put = (id: string, column: StatusColumn, value: string | number | null) => {
        const list = whens.get(column) ?? [];
        list.push(sql`WHEN ${id} THEN ${value}`);
        whens.set(column, list);
      };
      for (const s of chunk) {
        put(s.id, 'last_seen_at', s.lastSeenAt);
        if (s.lastAddress !== undefined) put(s.id, 'last_address', s.lastAddress);
        if (s.appVersion !== undefined) put(s.id, 'app_version', s.appVersion);
        if (s.screen) put(s.id, 'screen_json', JSON.stringify(s.screen));
        if (s.clock) {
          put(s.id, 'clock_offset_ms', s.clock.offsetMs);
          put(s.id, 'clock_round_trip_ms', s.clock.roundTripMs);
          put(s.id, 'clock_measured_at', s.clock.measuredAt);
          put(s.id, 'clock_uncertain', s.clock.uncertain ? 1 : 0);
        }
        if (s.ackedVersion !== undefined) {
          put(s.id, 'acked_version', s.ackedVersion);
          // The column is INTEGER on both engines: PostgreSQL refuses the tenth of a millisecond the hub measures.
          put(s.id, 'ack_latency_ms', typeof s.ackLatencyMs === 'number' ? Math.round(s.ackLatencyMs) : null);
        }
        if (s.horizonEnd !== undefined) put(s.id, 'horizon_end', s.horizonEnd);
      }
      const set = Object.fromEntries(
        [...whens].map(([column, list]) => [column, sql`CASE ${sql.ref('id')} ${sql.join(list, sql` `)} ELSE ${sql.ref(column)} END`]),
      ) as Record<StatusColumn, RawBuilder<never>>;
      await this.q
        .updateTable('displays')
        .set(set)
        .where('id', 'in', chunk.map((s) => s.id))
        .execute();
    }
  }
}

/** The columns a display's own report may change. */
type StatusColumn =
  | 'last_seen_at'
  | 'last_address'
  | 'app_version'
  | 'screen_json'
  | 'clock_offset_ms'
  | 'clock_round_trip_ms'
  | 'clock_measured_at'
  | 'clock_uncertain'
  | 'acked_version'
  | 'ack_latency_ms'
  | 'horizon_end';

/** Every column but the token's hash, which never leaves this file. */
const COLUMNS = [
  'id',
  'name',
  'zone_id',
  'role',
  'paired_at',
  'paired_by',
  'revoked_at',
  'last_seen_at',
  'last_address',
  'app_version',
  'screen_json',
  'clock_offset_ms',
  'clock_round_trip_ms',
  'clock_measured_at',
  'clock_uncertain',
  'acked_version',
  'ack_latency_ms',
  'refused_plays',
  'last_refused_at',
  'horizon_end',
] as const;
