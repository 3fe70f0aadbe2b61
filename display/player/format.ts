/** dd/mm/yyyy and HH:mm in the plan's time zone, whatever the kiosk's own zone is set to. */
export function formatDate(instant: number, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatClock(instant: number, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

function parts(instant: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') out[p.type] = p.value;
  return out;
}
