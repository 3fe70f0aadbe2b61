import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PlanSchema, type Plan } from './protocol/plan.js';
import { PLANS_DIR } from './paths.js';

/** The plan shipped with Pano and imported on first start. */
export const SEED_PLAN_FILE = path.join(PLANS_DIR, '38-KH-DU.json');

export class PlanFileError extends Error {}

/** Reads and validates a plan file; every problem is reported with its path. */
export function loadPlanFile(file: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PlanFileError(`Không đọc được kế hoạch ${file}: ${(err as Error).message}`);
  }
  const parsed = PlanSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(gốc)'}: ${i.message}`);
    throw new PlanFileError(`Kế hoạch ${file} không hợp lệ:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
