/** Audit observers (the server's log) hear of a row only once its change has committed. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditRepository, type AuditRow } from '../../server/db/audit-repository.js';
import type { Engine } from '../../server/db/engine.js';
import { openTestEngine } from '../support/engine.js';

let dir: string;
let engine: Engine;
let audit: AuditRepository;
let heard: AuditRow[];
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pano-audit-observer-'));
  engine = await openTestEngine(dir);
  audit = new AuditRepository(engine.db);
  heard = [];
  engine.committed.on('audit-appended', (row) => heard.push(row as AuditRow));
});
afterEach(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (action: string) => ({ actorId: null, actor: 'system', action, target: 'settings' });

describe("engine.committed 'audit-appended'", () => {
  it('reports a row appended on its own once it is stored', async () => {
    const row = await audit.append(entry('mourning.set'));
    expect(heard).toEqual([row]);
  });

  it('reports a row appended inside a change after the change commits', async () => {
    await engine.transaction(async (tx) => {
      await new AuditRepository(tx).append(entry('takeover.start'));
      expect(heard).toEqual([]);
    });
    expect(heard.map((r) => r.action)).toEqual(['takeover.start']);
  });

  it('never reports a row whose change rolled back', async () => {
    await expect(
      engine.transaction(async (tx) => {
        await new AuditRepository(tx).append(entry('schedule.create'));
        throw new Error('the change failed after its audit row');
      }),
    ).rejects.toThrow('the change failed');
    expect(heard).toEqual([]);
    await audit.append(entry('schedule.update'));
    expect(heard.map((r) => r.action)).toEqual(['schedule.update']);
  });
});
