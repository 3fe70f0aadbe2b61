import type { ClientMessage, ServerMessage } from '../protocol/messages.js';
import type { DisplaySelfStatus } from '../db/display-repository.js';
import { MAX_PLAY_MS, type PlayClaim } from '../db/proof-of-play-repository.js';
import type { Delivery } from '../db/delivery-repository.js';
import type { HubOptions } from './hub.js';
import type { Session } from './session.js';
import type { LiveDisplay } from './display-view.js';
import { findPlayed } from './display-view.js';
import { clockCheck } from './clock-check.js';
import type { CompiledTimeline } from './delivery.js';

type DisplayReport = Extract<ClientMessage, { type: 'status' | 'proof' | 'error' | 'clock-check-reply' | 'media-status' }>;

/** Plays older than this, or ending in the future beyond a synchronised clock's error, are not believed. */
const MAX_PLAY_AGE_MS = 31 * 24 * 60 * 60 * 1000;
const CLOCK_SLACK_MS = 5 * 1000;
/** A check unanswered this long is given up, and the next one may go. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * What a paired display may tell the server: its own status, proof of play and errors. Nothing
 * here can touch another display or any content; the display is always the socket's, never the
 * message's. Status goes to the database in batches (one transaction per flush), not per message.
 */
export class DisplayMessages {
  private readonly dirty = new Map<string, DisplaySelfStatus>();
  /** Timelines sent and not yet written: a broadcast to every display is one transaction. */
  private sent: Delivery[] = [];
  private sentFlush: NodeJS.Immediate | undefined;
  /** Each write waits for the one before: a slower batch never lands after, and over, a newer one. */
  private deliveriesSaved: Promise<void> = Promise.resolve();
  private statusesSaved: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: Pick<HubOptions, 'log' | 'displays' | 'proofs' | 'deliveries'>,
    private readonly send: (s: Session, m: ServerMessage) => void,
    private readonly changed: () => void,
  ) {}

  async handle(session: Session, msg: DisplayReport, arrivedAt: number): Promise<void> {
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
                ...(found.entry.media ? { media: found.entry.media } : {}),
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
        await this.proof(session, msg);
        return;
      case 'media-status': {
        const { type: _type, ...status } = msg;
        live.media = status;
        this.changed();
        return;
      }
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
    const { ackedVersion, ackLatencyMs, timelineVersion, timeline } = session.live!.delivery;
    const applied = ackedVersion === timelineVersion;
    this.mark(session, { ackedVersion, ackLatencyMs, ...(applied ? { horizonEnd: timeline?.horizonEnd ?? null } : {}) });
    this.changed();
  }

  /** Connected or disconnected: last seen, address, app and screen. */
  markSeen(session: Session): void {
    const live = session.live!;
    this.mark(session, { lastAddress: live.remoteAddress, appVersion: live.app, screen: live.screen });
  }

  /** A timeline frame went to this display; written right after the current burst of pushes. */
  delivered(session: Session, next: CompiledTimeline): void {
    if (!next.timeline) return;
    this.sent.push({ displayId: session.display!.id, version: next.version, timeline: next.timeline, at: new Date() });
    this.sentFlush ??= setImmediate(() => void this.flushDeliveries());
  }

  /** Resolves once every delivery sent so far is written (or its failure logged); never rejects. */
  flushDeliveries(): Promise<void> {
    clearImmediate(this.sentFlush);
    this.sentFlush = undefined;
    const batch = this.sent;
    this.sent = [];
    if (batch.length === 0) return this.deliveriesSaved;
    this.deliveriesSaved = this.deliveriesSaved.then(async () => {
      try {
        await this.opts.deliveries.record(batch);
      } catch (err) {
        this.opts.log.error('timeline deliveries not saved', { err, deliveries: batch.length });
      }
    });
    return this.deliveriesSaved;
  }

  /** Resolves once every status and delivery reported so far is written (or its failure logged); never rejects. */
  async flush(): Promise<void> {
    const deliveries = this.flushDeliveries();
    if (this.dirty.size > 0) {
      const batch = [...this.dirty.values()];
      this.dirty.clear();
      this.statusesSaved = this.statusesSaved.then(async () => {
        try {
          await this.opts.displays.saveStatuses(batch);
        } catch (err) {
          this.opts.log.error('display status not saved', { err, displays: batch.length });
        }
      });
    }
    await Promise.all([deliveries, this.statusesSaved]);
  }

  private mark(session: Session, fields: Omit<DisplaySelfStatus, 'id' | 'lastSeenAt'>): void {
    const id = session.display!.id;
    const prev = this.dirty.get(id);
    this.dirty.set(id, { ...prev, ...fields, id, lastSeenAt: session.live!.lastSeenAt.toISOString() });
  }

  private async proof(session: Session, msg: Extract<ClientMessage, { type: 'proof' }>): Promise<void> {
    const now = Date.now();
    const display = session.display!;
    // A play can only be checked against deliveries already written.
    await this.flushDeliveries();
    const claims: PlayClaim[] = [];
    for (const p of msg.plays) {
      if (p.end > now + CLOCK_SLACK_MS || p.start < now - MAX_PLAY_AGE_MS || p.end - p.start > MAX_PLAY_MS) continue;
      claims.push({
        itemId: p.itemId,
        revisionId: p.revisionId,
        template: p.template,
        start: new Date(p.start),
        end: new Date(p.end),
        contentSha256: p.contentSha256,
        ...(p.mediaSha256 ? { mediaSha256: p.mediaSha256 } : {}),
      });
    }
    try {
      const outcome = await this.opts.proofs.record(display, claims, new Date(now), msg.plays.length - claims.length);
      if (outcome.refused > 0) {
        this.opts.log.warn('proof of play: plays refused', { display: display.id, sent: msg.plays.length, refused: outcome.refused });
        this.changed();
      }
    } catch (err) {
      // Not acknowledged: the display keeps the batch and sends it again later.
      this.opts.log.error('proof of play not saved', { err, display: display.id });
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
