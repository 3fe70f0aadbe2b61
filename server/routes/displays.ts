import { z } from 'zod';
import { DisplayStatusSchema, type DisplayStatus } from '../protocol/messages.js';
import { defineRoute } from '../http/route.js';

export function displayRoutes(deps: { listDisplays: () => DisplayStatus[] }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/displays',
      summary: 'Màn hình đang kết nối (displays connected right now)',
      tag: 'displays',
      access: 'signed-in',
      response: z.object({ displays: z.array(DisplayStatusSchema) }),
      handler: () => ({ displays: deps.listDisplays() }),
    }),
  ];
}
