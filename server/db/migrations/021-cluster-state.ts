import type { Migration } from './index.js';

/**
 * State that lived in one node's memory and must be shared when several nodes serve one database
 * (issue 15), kept the same way on SQLite, where one node uses it alone:
 * - pairing_codes: the code a waiting screen shows, on the node that holds its socket. The display
 *   token is made by that node at issue time and kept in its memory; only its SHA-256 is here, so
 *   the node that claims the code creates the display without ever seeing the token. A node's rows
 *   are refreshed by its heartbeat (seen_at_ms): a dead node's codes cannot be claimed.
 * - attempts: failures (and attempts in flight) counted by the pairing-guess and login limiters.
 * - live_displays: which node holds which display's socket, with the live part of its status;
 *   rows whose node stopped heartbeating are stale, ignored, then pruned.
 * - display_commands: identify, reload, revoke, and the completion of a pairing, for the node
 *   holding the socket; kept about a minute.
 * Times in milliseconds are compared with the nodes' clocks (NTP-kept; /healthz shows the offset).
 */
export const migration: Migration = {
  version: 21,
  name: 'cluster-state',
  sql: `
    CREATE TABLE pairing_codes (
      code TEXT PRIMARY KEY,
      node_id TEXT NOT NULL,
      waiter_id TEXT NOT NULL UNIQUE,
      network TEXT NOT NULL,
      token_sha256 TEXT NOT NULL CHECK (length(token_sha256) = 64 AND token_sha256 NOT GLOB '*[^0-9a-f]*'),
      expires_at_ms INTEGER NOT NULL,
      seen_at_ms INTEGER NOT NULL,
      claimed_display_id TEXT,
      claimed_at TEXT
    );
    CREATE INDEX pairing_codes_network ON pairing_codes(network);
    CREATE INDEX pairing_codes_node ON pairing_codes(node_id);
    CREATE TABLE attempts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      scope TEXT NOT NULL,
      key TEXT NOT NULL,
      at_ms INTEGER NOT NULL
    );
    CREATE INDEX attempts_scope_key_at ON attempts(scope, key, at_ms);
    CREATE INDEX attempts_at ON attempts(at_ms);
    CREATE TABLE live_displays (
      display_id TEXT PRIMARY KEY REFERENCES displays(id) ON DELETE CASCADE,
      node_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      connected_at TEXT NOT NULL,
      seen_at_ms INTEGER NOT NULL,
      status_json TEXT NOT NULL CHECK (json_valid(status_json))
    );
    CREATE INDEX live_displays_node ON live_displays(node_id);
    CREATE TABLE display_commands (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      display_id TEXT NOT NULL REFERENCES displays(id) ON DELETE CASCADE,
      command TEXT NOT NULL CHECK (command IN ('identify', 'reload', 'revoke', 'paired')),
      payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
      issued_at_ms INTEGER NOT NULL
    );
    CREATE INDEX display_commands_issued ON display_commands(issued_at_ms);
  `,
};
