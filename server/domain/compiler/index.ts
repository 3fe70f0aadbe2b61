/** The timeline compiler (issue 4): plan + schedules + overrides → one timeline per display. */
export * from './model.js';
export { planToCompilerInput, congressTitleLines, type ApprovedContent, type PlanInputOptions } from './plan-input.js';
export { compileAll, compileDisplayTimeline, compileZoneTimeline } from './compile.js';
export { affectedZones } from './affected.js';
