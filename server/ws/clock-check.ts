/**
 * The server's own check of a display's synchronised clock, independent of what the display says
 * of itself. The server sends a check at sentAt; the display answers with its idea of server time
 * when the check arrived (serverNow); the answer comes back at arrivedAt. The true time of the
 * display's stamp lies between sentAt and arrivedAt, so its clock error lies within ± half that
 * round trip of serverNow − midpoint, however busy either side was.
 */
export interface ClockCheck {
  errorMs: number;
  boundMs: number;
  at: Date;
}

/** Half the 50 ms the screens of a zone may differ by: a screen surely further off is out of step. */
export const OUT_OF_STEP_MS = 25;

export function clockCheck(sentAt: number, arrivedAt: number, serverNow: number): ClockCheck {
  return { errorMs: serverNow - (sentAt + arrivedAt) / 2, boundMs: (arrivedAt - sentAt) / 2, at: new Date(arrivedAt) };
}

/** Out of step only when the error exceeds the tolerance whatever the check's own uncertainty. */
export function outOfStep(check: ClockCheck | null): boolean {
  return check !== null && Math.abs(check.errorMs) - check.boundMs > OUT_OF_STEP_MS;
}
