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

/**
 * Host policy against DNS rebinding: a hostile page whose domain is made to resolve to Pano would
 * pass the Origin check above (its Origin and the Host it sends agree). Browsers reach Pano by IP
 * address or localhost, or by a host name the admin lists; any other Host is refused.
 */
export type HostPolicy = (host: string | undefined) => boolean;

export function createHostPolicy(allowedHosts: string[], allowedOrigins: string[]): HostPolicy {
  const names = new Set([...allowedHosts, ...allowedOrigins.map((o) => new URL(o).hostname)].map((h) => h.toLowerCase()));
  return (host) => {
    if (host === undefined) return false;
    let hostname: string;
    try {
      hostname = new URL(`http://${host}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    if (names.has(hostname) || hostname === 'localhost') return true;
    // An IP literal cannot be rebound: no page's own domain name looks like one.
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
  };
}
