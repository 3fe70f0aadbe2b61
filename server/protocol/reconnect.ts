/**
 * Shared by every client of the server (displays and control panels). Reconnect delays: exponential, capped, with full jitter, so hundreds of displays that lost the
 * server together do not all knock at the same instant when it returns.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, baseMs = 500, capMs = 30_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(baseMs / 2 + random() * (ceiling - baseMs / 2));
}
