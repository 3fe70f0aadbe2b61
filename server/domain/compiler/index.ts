/** The timeline compiler (issue 4): plan + schedules + overrides → one timeline per display. */
export * from './model.js';
export { planToCompilerInput, congressTitleLines, type ApprovedContent, type PlanInputOptions } from './plan-input.js';
export { compileAll, compileDisplayTimeline, compileZoneTimeline, horizonOf, type Horizon } from './compile.js';
export { affectedZones } from './affected.js';
export { ROTATION_EPOCH_MS } from './layers.js';
