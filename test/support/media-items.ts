/** Picture and clip items through the HTTP API, as the panel makes them: upload, propose, approve by someone else. */
import { ItemDetailSchema } from '../../server/protocol/content.js';
import { PhotoSchema } from '../../server/photos/protocol.js';
import type { ApiClient } from './session.js';
import { uploadRaw } from './media-uploads.js';
import { createCanvas } from 'canvas';

/** A flat picture of one colour: each colour (or size) is another file, so another photo id. */
export function flatPng(colour: string, width = 320, height = 240): Buffer {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = colour;
  g.fillRect(0, 0, width, height);
  return c.toBuffer('image/png');
}

async function upload(client: ApiClient, route: '/api/clips' | '/api/photos', bytes: Buffer): Promise<unknown> {
  const res = await uploadRaw(client, route, bytes);
  if (res.status !== 201) throw new Error(`upload ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function uploadPhoto(client: ApiClient, bytes: Buffer) {
  return PhotoSchema.parse(await upload(client, '/api/photos', bytes));
}

/** A clip's id (the SHA-256 of its bytes) once stored. */
export async function uploadClip(client: ApiClient, bytes: Buffer): Promise<string> {
  return ((await upload(client, '/api/clips', bytes)) as { id: string }).id;
}

/** Proposes a picture or clip item with `author`, submits it and has `approver` approve it; returns its id. */
export async function approvedMediaItem(
  author: ApiClient,
  approver: ApiClient,
  item: { kind: 'picture' | 'clip'; text: string; mediaId: string; places?: string[] },
): Promise<number> {
  const created = await author.post('/api/items', {
    kind: item.kind,
    text: item.text,
    media: { kind: item.kind, mediaId: item.mediaId },
    tags: [],
    celebratory: false,
    places: item.places ?? ['lobby'],
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const { id } = ItemDetailSchema.parse(await created.json());
  const submitted = await author.post(`/api/items/${id}/submit`);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status}`);
  const approved = await approver.post(`/api/items/${id}/approve`, { reason: 'Đúng nội dung đã duyệt' });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${await approved.text()}`);
  return id;
}
