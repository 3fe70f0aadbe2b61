import type Database from 'better-sqlite3';
import { migration as m001 } from './001-plans-and-register.js';
import { migration as m002 } from './002-users-sessions-audit.js';
import { migration as m003 } from './003-content-register.js';
import { migration as m004 } from './004-print-jobs.js';
import { migration as m005 } from './005-scheduling.js';
import { migration as m006 } from './006-displays.js';
import { migration as m007 } from './007-photos.js';
import { migration as m008 } from './008-print-artworks.js';
import { migration as m009 } from './009-print-approval.js';
import { migration as m010 } from './010-plans.js';
import { migration as m011 } from './011-national-calendar.js';
import { migration as m012 } from './012-display-clock.js';
import { migration as m013 } from './013-play-validation.js';
import { migration as m014 } from './014-celebratory-flag.js';
import { migration as m015 } from './015-picture-and-clip-items.js';
import { migration as m016 } from './016-media-files.js';
import { migration as m017 } from './017-media-delivery.js';
import { migration as m018 } from './018-web-channel.js';
import { migration as m019 } from './019-audit-head-and-generation.js';
import { migration as m020 } from './020-print-leases.js';
import { migration as m021 } from './021-cluster-state.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table others reference (SQLite's way to change a CHECK): foreign keys are off while
   * it runs, as SQLite's documented procedure asks, and checked before it commits.
   */
  foreignKeysOff?: boolean;
}

/**
 * Versioned schema, one file per version. Each migration runs once, in order, inside a
 * transaction, and its number is recorded in user_version; never edit a released migration,
 * add a new file and list it here.
 */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016, m017, m018, m019, m020, m021];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function migrate(db: Database.Database): void {
  MIGRATIONS.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `Cơ sở dữ liệu ở phiên bản ${current}, mới hơn phần mềm (${SCHEMA_VERSION}); hãy cập nhật Pano. ` +
        `(database schema ${current} is newer than this build's ${SCHEMA_VERSION})`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${m.name} breaks ${broken.length} foreign key(s)`);
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.foreignKeysOff) db.pragma(`foreign_keys = ${foreignKeys}`);
    }
  }
}
