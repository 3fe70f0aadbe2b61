/**
 * Origin policy for state-changing requests and WebSocket upgrades (cross-site request forgery and
 * cross-site WebSocket hijacking). A browser always sends Origin on these; a request from another
 * site is refused unless its origin is on the configured allowlist. Non-browser clients send no
 * Origin and are judged by their credentials alone.
 */
export type OriginPolicy = (origin: string | undefined, host: string | undefined) => boolean;

export function createOriginPolicy(allowlist: string[]): OriginPolicy {
  const allowed = new Set(allowlist.map((o) => new URL(o).origin));
  return (origin, host) => {
    if (origin === undefined) return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (allowed.has(parsed.origin)) return true;
    return host !== undefined && parsed.host === host && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
  };
}
