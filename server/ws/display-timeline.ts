import type { ServerMessage } from '../protocol/messages.js';
import { MEDIA_URL_TTL_MS } from '../media/media-delivery.js';
import type { HubOptions } from './hub.js';
import type { Session } from './session.js';
import type { DisplayMessages } from './display-messages.js';
import { compiled, pushTimeline, type CompiledTimeline, type DeliveryState } from './delivery.js';

/**
 * What the hub sends a paired display on its own initiative: its timeline, compiled and pushed
 * only when its version changed, and the signed URLs of the pictures and clips that timeline needs.
 */
export class DisplayTimelines {
  constructor(
    private readonly opts: Pick<HubOptions, 'log' | 'compileTimeline' | 'media' | 'slowDisplayMs'>,
    private readonly messages: DisplayMessages,
    /** Whether this socket is still the display's connection: an answer for a replaced one is dropped. */
    private readonly current: (session: Session) => boolean,
    private readonly send: (session: Session, msg: ServerMessage) => void,
  ) {}

  /**
   * Compiles the display's timeline and pushes it unless it already holds that version. Runs in
   * the socket's queue, so a slower compile never overtakes a newer one for the same display.
   */
  async deliver(session: Session, held: string | null = session.live!.delivery.timelineVersion): Promise<void> {
    const next = compiled(await this.opts.compileTimeline({ id: session.display!.id, zoneId: session.display!.zoneId }));
    if (!this.current(session)) return;
    const delivery = session.live!.delivery;
    if (next.version === held) {
      // The display resynced by version: it already plays this one, nothing to send.
      Object.assign(delivery, { timelineVersion: next.version, timeline: next.timeline, queued: undefined });
      this.sendMedia(session);
      return;
    }
    this.push(session, delivery, next);
  }

  /** Signed URLs are renewed at half their life, so a screen retrying a fetch always holds a valid one. */
  renewMedia(displays: Iterable<Session>): void {
    for (const s of displays) if (s.live!.mediaUntil !== null && s.live!.mediaUntil - Date.now() < MEDIA_URL_TTL_MS / 2) this.sendMedia(s);
  }

  /** Sends now, or, on a backed-up socket, keeps only the newest timeline until it drains. */
  private push(session: Session, delivery: DeliveryState, next: CompiledTimeline): void {
    pushTimeline(session.ws, delivery, next, {
      slowDisplayMs: this.opts.slowDisplayMs ?? 30_000,
      tooSlow: () => {
        this.opts.log.warn('display too slow, dropped', { display: session.display?.id, buffered: session.ws.bufferedAmount });
        session.ws.terminate();
      },
      sent: (sent) => {
        this.messages.delivered(session, sent);
        this.sendMedia(session);
      },
    });
  }

  /**
   * After each timeline (and before the last URLs expire): the renditions its timeline needs for
   * its screen, with URLs signed for this display. An answer overtaken by a newer one is dropped.
   */
  private sendMedia(session: Session): void {
    const media = this.opts.media;
    const live = session.live!;
    if (!media) return;
    // Until the answer arrives, the heartbeat does not ask again.
    live.mediaUntil = Date.now() + MEDIA_URL_TTL_MS;
    media.filesFor(session.display!.id, live.delivery.timeline, live.screen).then(
      (msg) => {
        if (!msg || !this.current(session)) return;
        live.mediaUntil = msg.expiresAt;
        this.send(session, { type: 'media-files', files: msg.files, expiresAt: msg.expiresAt });
      },
      (err: unknown) => {
        live.mediaUntil = Date.now(); // tried again at the next heartbeat
        this.opts.log.error('media files not prepared', { err, display: session.display!.id });
      },
    );
  }
}
