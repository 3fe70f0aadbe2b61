import { z } from 'zod';

/** RFC 9457 problem details: every HTTP error body. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('One entry per invalid field, with its path'),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded: the process serves, but something needs an administrator (see reasons)'),
  node: z.string().describe('The node that answered (PANO_NODE_ID, or its host name): several nodes stand behind one load balancer'),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.object({ engine: z.enum(['sqlite', 'postgres']), ok: z.literal(true) }),
  changes: z
    .object({
      generation: z.number().int().describe('The change generation this node has reloaded for'),
      listener: z
        .object({ state: z.enum(['connecting', 'listening', 'disconnected', 'stopped']), since: z.string(), lastError: z.string().optional() })
        .optional()
        .describe('PostgreSQL: the node\'s one connection that LISTENs for changes and for commands to screens; absent on SQLite'),
      lastPollAt: z.string().optional(),
    })
    .describe('How this node hears of changes made through any node'),
  clock: z
    .object({ offsetMs: z.number().nullable().describe("The database server's clock minus this node's; null on SQLite (one clock)") })
    .describe('Screens play in step from the node\'s clock: keep nodes and the database on NTP'),
  disk: z.object({ status: z.enum(['ok', 'full']), freeBytes: z.number() }).describe('DATA_DIR\'s disk; full: below the reserve, writes are refused'),
  reasons: z.array(z.object({ vi: z.string(), en: z.string() })).describe('Why degraded, Vietnamese and English; empty when ok'),
  displaysConnected: z.number().int(),
});
export type Health = z.infer<typeof HealthSchema>;

export const ContentStatusSchema = z.enum(['draft', 'submitted', 'approved', 'rejected', 'retired']);
export type ContentStatus = z.infer<typeof ContentStatusSchema>;

export const SourceSchema = z.object({
  document: z.string().describe('Document number, e.g. 38-KH/ĐU'),
  issuer: z.string(),
  issuedOn: z.string().describe('Calendar date YYYY-MM-DD'),
  section: z.string(),
});

export const SloganSchema = z.object({
  id: z.number().int().positive(),
  key: z.string().describe('Stable id from the plan, e.g. kh-01'),
  text: z.string(),
  status: ContentStatusSchema,
  tags: z.array(z.string()),
  source: SourceSchema,
});
export type Slogan = z.infer<typeof SloganSchema>;

export const SloganListSchema = z.object({ slogans: z.array(SloganSchema) });
export type SloganList = z.infer<typeof SloganListSchema>;
