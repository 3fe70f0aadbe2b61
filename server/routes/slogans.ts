import { SloganListSchema, SloganSchema } from '../protocol/api.js';
import { assertFound, defineRoute } from '../http/route.js';
import type { ContentRepository } from '../db/content-repository.js';

export function sloganRoutes(deps: { content: ContentRepository }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/slogans',
      summary: 'Khẩu hiệu trong sổ đăng ký (the slogan register) with status and source',
      tag: 'content',
      access: 'signed-in',
      response: SloganListSchema,
      handler: async () => ({ slogans: (await deps.content.listSlogans()).map(({ revisionId: _r, ...s }) => s) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/slogans/:ref',
      summary: 'One slogan by numeric id or plan key (e.g. kh-01)',
      tag: 'content',
      access: 'signed-in',
      response: SloganSchema,
      problems: [404],
      handler: async ({ params }) => {
        const { revisionId: _r, ...slogan } = assertFound(await deps.content.findSlogan(params.ref ?? ''), `khẩu hiệu "${params.ref}"`);
        return slogan;
      },
    }),
  ];
}
