import type { Db } from './database.js';
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
  constructor(private readonly db: Db) {}

  create(
    d: { id: string; name: string; zoneId: string; role: DisplayRole | null; tokenSha256: string; pairedBy: number | null },
    at: Date,
  ): DisplayRecord {
    this.db
      .prepare(
        `INSERT INTO displays (id, name, zone_id, role, token_sha256, paired_at, paired_by)
         VALUES (@id, @name, @zoneId, @role, @tokenSha256, @at, @pairedBy)`,
      )
      .run({ ...d, at: at.toISOString() });
    return this.findById(d.id)!;
  }

  findById(id: string): DisplayRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM displays WHERE id = ?').get(id);
    return row && toRecord(row);
  }

  /** The active (not revoked) display holding this token, if any. */
  findActiveByTokenSha256(tokenSha256: string): DisplayRecord | undefined {
    const row = this.db
      .prepare<[string], Row>('SELECT * FROM displays WHERE token_sha256 = ? AND revoked_at IS NULL')
      .get(tokenSha256);
    return row && toRecord(row);
  }

  /** Paired, not revoked: the compiler's displays and the control panel's list. */
  listActive(): DisplayRecord[] {
    return this.db
      .prepare<[], Row>('SELECT * FROM displays WHERE revoked_at IS NULL ORDER BY zone_id, name, id')
      .all()
      .map(toRecord);
  }

  update(id: string, changes: { name?: string; zoneId?: string; role?: DisplayRole | null }): DisplayRecord {
    const current = this.findById(id)!;
    const next = { name: changes.name ?? current.name, zoneId: changes.zoneId ?? current.zoneId, role: changes.role === undefined ? current.role : changes.role };
    this.db.prepare('UPDATE displays SET name = @name, zone_id = @zoneId, role = @role WHERE id = @id').run({ id, ...next });
    return this.findById(id)!;
  }

  revoke(id: string, by: number | null, at: Date): DisplayRecord {
    this.db
      .prepare('UPDATE displays SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL')
      .run(at.toISOString(), by, id);
    return this.findById(id)!;
  }

  /** One transaction for a batch of self-reported statuses; absent fields keep their value. */
  saveStatuses(statuses: DisplaySelfStatus[]): void {
    if (statuses.length === 0) return;
    const stmt = this.db.prepare(
      `UPDATE displays SET
         last_seen_at = @lastSeenAt,
         last_address = COALESCE(@lastAddress, last_address),
         app_version = COALESCE(@appVersion, app_version),
         screen_json = COALESCE(@screenJson, screen_json),
         clock_offset_ms = CASE WHEN @hasClock THEN @clockOffsetMs ELSE clock_offset_ms END,
         clock_round_trip_ms = CASE WHEN @hasClock THEN @clockRoundTripMs ELSE clock_round_trip_ms END,
         clock_measured_at = CASE WHEN @hasClock THEN @clockMeasuredAt ELSE clock_measured_at END,
         clock_uncertain = CASE WHEN @hasClock THEN @clockUncertain ELSE clock_uncertain END,
         acked_version = CASE WHEN @hasAck THEN @ackedVersion ELSE acked_version END,
         ack_latency_ms = CASE WHEN @hasAck THEN @ackLatencyMs ELSE ack_latency_ms END,
         horizon_end = CASE WHEN @hasHorizon THEN @horizonEnd ELSE horizon_end END
       WHERE id = @id`,
    );
    this.db.transaction(() => {
      for (const s of statuses) {
        stmt.run({
          id: s.id,
          lastSeenAt: s.lastSeenAt,
          lastAddress: s.lastAddress ?? null,
          appVersion: s.appVersion ?? null,
          screenJson: s.screen ? JSON.stringify(s.screen) : null,
          hasClock: s.clock ? 1 : 0,
          clockOffsetMs: s.clock?.offsetMs ?? null,
          clockRoundTripMs: s.clock?.roundTripMs ?? null,
          clockMeasuredAt: s.clock?.measuredAt ?? null,
          clockUncertain: s.clock?.uncertain ? 1 : 0,
          hasAck: s.ackedVersion !== undefined ? 1 : 0,
          ackedVersion: s.ackedVersion ?? null,
          ackLatencyMs: s.ackLatencyMs ?? null,
          hasHorizon: s.horizonEnd !== undefined ? 1 : 0,
          horizonEnd: s.horizonEnd ?? null,
        });
      }
    })();
  }
}
