export { readPlan, type ReadOutcome } from './read-plan.js';
export type { PlanBlock } from './lines.js';
