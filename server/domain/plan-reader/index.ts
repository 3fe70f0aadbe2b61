export { MAX_PLAN_LINES, readPlan, type ReadOutcome } from './read-plan.js';
export type { PlanBlock } from './lines.js';
