/** Every page of the control panel by its hash route, in navigation order (pages.ts defines them). */
export const PAGE_IDS = ['slogans', 'plans', 'plan-reader', 'plan-report', 'timeline', 'events', 'overrides', 'displays', 'proof', 'users', 'web', 'audit', 'print', 'account'] as const;
export type PageId = (typeof PAGE_IDS)[number];
