import type { Timeline } from '../../server/protocol/timeline.js';
import { nowShowing, type NowShowing } from '../../server/protocol/playback.js';

/**
 * Baked into the build: what a paired screen shows when its timeline has nothing for now (past
 * the horizon with no server, or nothing scheduled). Never a blank screen, never an error page.
 */
export const FALLBACK_TEXT = 'Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!';

export type Screen =
  | { kind: 'pairing'; code: string | undefined }
  | { kind: 'slide'; showing: NowShowing }
  | { kind: 'fallback' };

/** What the screen shows at server time `now`: a pure function, tested without a browser. */
export function screenFor(state: { paired: boolean; code: string | undefined; timeline: Timeline | null | undefined }, now: number): Screen {
  if (!state.paired) return { kind: 'pairing', code: state.code };
  const showing = state.timeline ? nowShowing(state.timeline, now) : undefined;
  return showing ? { kind: 'slide', showing } : { kind: 'fallback' };
}
