/** Audit observers (the server's log) hear of a row only once its change has committed. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditRepository, type AuditRow } from '../../server/db/audit-repository.js';
import { openDatabase, type Db } from '../../server/db/database.js';

let dir: string;
let db: Db;
let audit: AuditRepository;
let heard: AuditRow[];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pano-audit-observer-'));
  db = openDatabase(dir, { synchronous: 'NORMAL' });
  audit = new AuditRepository(db);
  heard = [];
  audit.observe((row) => heard.push(row));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (action: string) => ({ actorId: null, actor: 'system', action, target: 'settings' });
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AuditRepository.observe', () => {
  it('reports a row appended on its own at once', () => {
    const row = audit.append(entry('mourning.set'));
    expect(heard).toEqual([row]);
  });

  it('reports a row appended inside a change after the change commits', async () => {
    db.transaction(() => {
      audit.append(entry('takeover.start'));
      expect(heard).toEqual([]);
    })();
    await settle();
    expect(heard.map((r) => r.action)).toEqual(['takeover.start']);
  });

  it('never reports a row whose change rolled back', async () => {
    expect(() =>
      db.transaction(() => {
        audit.append(entry('schedule.create'));
        throw new Error('the change failed after its audit row');
      })(),
    ).toThrow('the change failed');
    await settle();
    expect(heard).toEqual([]);
    audit.append(entry('schedule.update'));
    expect(heard.map((r) => r.action)).toEqual(['schedule.update']);
  });
});
