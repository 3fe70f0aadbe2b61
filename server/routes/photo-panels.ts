/**
 * Photo panels (pa nô ảnh) as screens can show them: a schedule names one by its print job and
 * plays the approved pictures of its photos. The schedule editor lists them here, with how many of
 * each panel's photos an approved picture item shows (the rest are skipped on screens).
 */
import { PhotoPanelListSchema } from '../protocol/schedule.js';
import { defineRoute } from '../http/route.js';
import type { ScheduleDeps } from './schedules.js';

export function photoPanelRoutes(d: Pick<ScheduleDeps, 'photoPanels' | 'timelines'>) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/photo-panels',
      summary: 'Pa nô ảnh a schedule may show as a slideshow, newest first, with how many of their photos approved pictures show',
      tag: 'schedule',
      access: 'signed-in',
      response: PhotoPanelListSchema,
      handler: async () => {
        // What plays now: approved pictures, of active plans or of none, as the compiler gets them.
        const shown = new Set((await d.timelines.input(new Date())).items.flatMap((i) => (i.media?.kind === 'picture' ? [i.media.id] : [])));
        return {
          panels: (await d.photoPanels.photoPanels()).map((p) => ({
            printJobId: p.id,
            title: p.title,
            createdAt: p.createdAt,
            photos: p.photoIds.length,
            showable: p.photoIds.filter((id) => shown.has(id)).length,
          })),
        };
      },
    }),
  ];
}
