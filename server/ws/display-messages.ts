import type { ClientMessage, ServerMessage } from '../protocol/messages.js';
import type { DisplaySelfStatus } from '../db/display-repository.js';
import type { PlayRow } from '../db/proof-of-play-repository.js';
import type { HubOptions } from './hub.js';
import type { Session } from './session.js';
import type { LiveDisplay } from './display-view.js';
import { findPlayed, phaseLabel } from './display-view.js';
import { clockCheck } from './clock-check.js';

type DisplayReport = Extract<ClientMessage, { type: 'status' | 'proof' | 'error' | 'clock-check-reply' }>;

/** Plays older than this, or ending in the future beyond clock error, are not believed. */
const MAX_PLAY_AGE_MS = 31 * 24 * 60 * 60 * 1000;
const MAX_PLAY_MS = 24 * 60 * 60 * 1000;
const CLOCK_SLACK_MS = 60 * 1000;
/** A check unanswered this long is given up, and the next one may go. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * What a paired display may tell the server: its own status, proof of play and errors. Nothing
 * here can touch another display or any content; the display is always the socket's, never the
 * message's. Status goes to the database in batches (one transaction per flush), not per message.
 */
export class DisplayMessages {
  private readonly dirty = new Map<string, DisplaySelfStatus>();

  constructor(
    private readonly opts: Pick<HubOptions, 'log' | 'displays' | 'proofs'>,
    private readonly send: (s: Session, m: ServerMessage) => void,
    private readonly changed: () => void,
  ) {}

  handle(session: Session, msg: DisplayReport, arrivedAt: number): void {
    const live = session.live!;
    switch (msg.type) {
      case 'status': {
        const clock = reportedClock(msg);
        live.clock = clock;
        const found = msg.showing && findPlayed(live.delivery.timeline, msg.showing.revisionId, msg.showing.since);
        // Only text from the timeline we sent is shown in the panel; a display cannot inject any.
        live.showing =
          msg.showing && found
            ? {
                itemId: found.entry.itemId,
                revisionId: found.entry.revisionId,
                template: found.interval.template,
                text: found.entry.text,
                ...(found.interval.fields || found.entry.caption
                  ? { fields: { ...found.interval.fields, ...(found.entry.caption ? { caption: found.entry.caption } : {}) } }
                  : {}),
                since: msg.showing.since,
              }
            : null;
        this.mark(session, { clock: clock ?? { offsetMs: null, roundTripMs: null, measuredAt: null, uncertain: false } });
        // Checked with every report (a new estimate, a slew ended, a slide changed), not only at the heartbeat.
        if (clock) this.checkClock(session);
        this.changed();
        return;
      }
      case 'clock-check-reply': {
        const pending = live.pendingCheck;
        // Only the answer to the check in flight counts: a display cannot make up a check.
        if (!pending || pending.id !== msg.id) return;
        live.pendingCheck = null;
        live.check = clockCheck(pending.sentAt, arrivedAt, msg.serverNow);
        this.changed();
        return;
      }
      case 'proof':
        this.proof(session, msg);
        return;
      case 'error':
        this.opts.log.warn('display reported an error', { display: session.display!.id, message: msg.message });
        return;
    }
  }

  /** Asks the display for its idea of server time; one check in flight at a time. */
  checkClock(session: Session): void {
    const live = session.live!;
    if (live.pendingCheck && Date.now() - live.pendingCheck.sentAt < CHECK_TIMEOUT_MS) return;
    live.pendingCheck = { id: (live.pendingCheck?.id ?? 0) + 1, sentAt: Date.now() };
    this.send(session, { type: 'clock-check', id: live.pendingCheck.id });
  }

  ack(session: Session): void {
    const { ackedVersion, ackLatencyMs } = session.live!.delivery;
    this.mark(session, { ackedVersion, ackLatencyMs });
    this.changed();
  }

  /** Connected or disconnected: last seen, address, app and screen. */
  markSeen(session: Session): void {
    const live = session.live!;
    this.mark(session, { lastAddress: live.remoteAddress, appVersion: live.app, screen: live.screen });
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty.values()];
    this.dirty.clear();
    try {
      this.opts.displays.saveStatuses(batch);
    } catch (err) {
      this.opts.log.error('display status not saved', { err, displays: batch.length });
    }
  }

  private mark(session: Session, fields: Omit<DisplaySelfStatus, 'id' | 'lastSeenAt'>): void {
    const id = session.display!.id;
    const prev = this.dirty.get(id);
    this.dirty.set(id, { ...prev, ...fields, id, lastSeenAt: session.live!.lastSeenAt.toISOString() });
  }

  private proof(session: Session, msg: Extract<ClientMessage, { type: 'proof' }>): void {
    const now = Date.now();
    const { id: displayId, zoneId } = session.display!;
    const rows: PlayRow[] = [];
    for (const p of msg.plays) {
      if (p.end > now + CLOCK_SLACK_MS || p.start < now - MAX_PLAY_AGE_MS || p.end - p.start > MAX_PLAY_MS) continue;
      const found = findPlayed(session.live!.delivery.timeline, p.revisionId, p.start);
      rows.push({
        displayId,
        zoneId,
        itemId: p.itemId,
        revisionId: p.revisionId,
        template: p.template,
        phase: phaseLabel(found),
        intervalKind: found?.interval.kind ?? null,
        start: new Date(p.start),
        end: new Date(p.end),
        contentSha256: p.contentSha256,
      });
    }
    try {
      const added = this.opts.proofs.record(rows, new Date(now));
      if (added < msg.plays.length) {
        this.opts.log.debug('proof of play: plays not stored (duplicates or not believable)', {
          display: displayId,
          sent: msg.plays.length,
          added,
        });
      }
    } catch (err) {
      // Not acknowledged: the display keeps the batch and sends it again later.
      this.opts.log.error('proof of play not saved', { err, display: displayId });
      return;
    }
    this.send(session, { type: 'proof-ack', seq: msg.seq });
  }
}

/** The clock as a display reports it; the server time of its sample is stored as an ISO instant. */
function reportedClock(msg: Extract<ClientMessage, { type: 'status' }>): LiveDisplay['clock'] {
  if (msg.clockOffsetMs === null) return null;
  return {
    offsetMs: msg.clockOffsetMs,
    roundTripMs: msg.roundTripMs,
    measuredAt: msg.clockMeasuredAt === undefined ? null : new Date(msg.clockMeasuredAt).toISOString(),
    uncertain: msg.clockUncertain ?? msg.roundTripMs === null,
  };
}
