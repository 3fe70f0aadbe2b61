/**
 * Which zones an input change can affect, so the hub recompiles only those and pushes to a
 * display only when its timeline's JSON hash changed. Anything the calendar reads for every zone
 * (events, phases, items, mourning, zone of time, settings, national calendar) affects all zones.
 */
import type { CompilerInput } from './model.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Ids of records that were added, removed or changed between two lists. */
function changedIds<T extends { id: string }>(prev: readonly T[], next: readonly T[]): Set<string> {
  const before = new Map(prev.map((x) => [x.id, JSON.stringify(x)]));
  const after = new Map(next.map((x) => [x.id, JSON.stringify(x)]));
  const ids = new Set<string>();
  for (const [id, json] of before) if (after.get(id) !== json) ids.add(id);
  for (const id of after.keys()) if (!before.has(id)) ids.add(id);
  return ids;
}

export function affectedZones(prev: CompilerInput, next: CompilerInput): 'all' | Set<string> {
  const global = (i: CompilerInput) => [i.timeZone, i.events, i.campaigns, i.items, i.mourning ?? null, i.settings, i.nationalDays ?? []];
  if (!same(global(prev), global(next))) return 'all';

  const zones = changedIds(prev.zones, next.zones);
  const zoneOfDisplay = (id: string) =>
    [prev, next].flatMap((i) => i.displays.filter((d) => d.id === id).map((d) => d.zoneId));
  for (const id of changedIds(prev.displays, next.displays)) zoneOfDisplay(id).forEach((z) => zones.add(z));

  const schedules = [...prev.schedules, ...next.schedules];
  for (const id of changedIds(prev.schedules, next.schedules)) {
    for (const s of schedules.filter((x) => x.id === id)) {
      if ('zoneId' in s.target) zones.add(s.target.zoneId);
      else zoneOfDisplay(s.target.displayId).forEach((z) => zones.add(z));
    }
  }
  const takeovers = [...prev.takeovers, ...next.takeovers];
  for (const id of changedIds(prev.takeovers, next.takeovers)) {
    for (const o of takeovers.filter((x) => x.id === id)) {
      if (o.zoneIds === 'all') return 'all';
      o.zoneIds.forEach((z) => zones.add(z));
    }
  }
  // A zone may hold several rehearsals: compare them per zone.
  const rehearsals = (i: CompilerInput) =>
    [...new Set(i.rehearsals.map((r) => r.zoneId))].map((id) => ({ id, list: i.rehearsals.filter((r) => r.zoneId === id) }));
  changedIds(rehearsals(prev), rehearsals(next)).forEach((z) => zones.add(z));
  return zones;
}
