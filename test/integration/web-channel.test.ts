/**
 * The web zone's public channel: it shows what the web zone's screens would show and nothing else
 * (no draft, no other zone, nothing celebratory during mourning), its feed is Atom, answers are
 * cacheable, only listed portals get CORS, switched off it is gone, and it is rate-limited.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app.js';
import { ApiClient } from '../support/session.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { zoneTimeline } from '../support/timeline.js';
import { TimelineSchema, type Timeline } from '../../server/protocol/timeline.js';
import { WebChannelViewSchema, WebNowSchema } from '../../server/protocol/web-channel.js';
import { SEED_APPROVER } from '../support/seed-approval.js';
import { createCanvas } from 'canvas';
import { PhotoSchema } from '../../server/photos/protocol.js';

const app = useTestApp({ operator: ['vanhanh', ['operator']], approver: ['duyetnoidung', ['approver']] });
const visitor = () => new ApiClient(app.server.url);

const PORTAL = 'https://baochinhphu.vn';
/** A celebratory greeting meant for the web page: it must leave it during mourning. */
const GREETING = 'Nhiệt liệt chào mừng Đại hội đại biểu toàn quốc lần thứ XIII của Đảng!';
/** A sober slogan for the web page, with stacked marks. */
const SOBER = 'Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh — KIÊN ĐỊNH, ĐỔI MỚI, ỔN ĐỊNH, PHÁT TRIỂN, ĐỀ CAO TÍNH TIÊN PHONG, GƯƠNG MẪU';
/** Proposed for the web page, submitted, never approved. */
const DRAFT = 'Dự thảo chưa duyệt: Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội — ĐỪNG ĐĂNG';
/** Approved for the gate only. */
const GATE_ONLY = 'Chào mừng quý khách đến Văn phòng Chính phủ — BIỂN CỔNG Ễ Ể Ẫ Ậ';

async function propose(text: string, places: string[], celebratory: boolean, approve: boolean): Promise<void> {
  const created = await app.operator.post('/api/items', { kind: 'slogan', text, tags: ['evergreen'], celebratory, places });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: number };
  expect((await app.operator.post(`/api/items/${id}/submit`)).status).toBe(200);
  if (approve) expect((await app.approver.post(`/api/items/${id}/approve`, { reason: 'Đúng định hướng' })).status).toBe(200);
}

async function setChannel(enabled: boolean, allowedOrigins: string[] = [PORTAL]): Promise<void> {
  const res = await app.admin.request('PUT', '/api/web-channel', { enabled, allowedOrigins });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function publicTimeline(): Promise<Timeline> {
  const res = await visitor().get('/api/public/web/web/timeline');
  expect(res.status).toBe(200);
  return TimelineSchema.parse(await res.json());
}

/** Texts the zone rotates at `at` (ms), by its timeline. */
function rotationAt(t: Timeline, at: number): string[] {
  return t.intervals.find((i) => Date.parse(i.start) <= at && at < Date.parse(i.end))?.playlist.map((e) => e.text) ?? [];
}

interface AtomEntry {
  id: string;
  title: { '#text': string };
  updated: string;
  content: { '#text': string };
  link?: { '@_rel': string; '@_href': string; '@_type': string }[];
}

/** A 1600 × 1200 photo, uploaded by the operator: its rendition for the web page is 1280 × 960. */
async function uploadPhoto(colour: string): Promise<string> {
  const c = createCanvas(1600, 1200);
  const g = c.getContext('2d');
  g.fillStyle = colour;
  g.fillRect(0, 0, 1600, 1200);
  const res = await fetch(`${app.server.url}/api/photos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', Cookie: app.operator.cookie! },
    body: new Uint8Array(c.toBuffer('image/png')),
  });
  expect(res.status).toBe(201);
  return PhotoSchema.parse(await res.json()).id;
}

async function proposePicture(caption: string, mediaId: string, places: string[], approve: boolean): Promise<void> {
  const created = await app.operator.post('/api/items', { kind: 'picture', text: caption, media: { kind: 'picture', mediaId, credit: 'Văn phòng Đảng ủy' }, tags: ['evergreen'], celebratory: false, places });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  expect((await app.operator.post(`/api/items/${id}/submit`)).status).toBe(200);
  if (approve) expect((await app.approver.post(`/api/items/${id}/approve`, { reason: 'Ảnh đúng sự kiện' })).status).toBe(200);
}

const WEB_PICTURE = 'Triển lãm ảnh thành tựu xây dựng Đảng bộ Văn phòng Chính phủ';
const pictures: { web: string; gate: string; draft: string } = { web: '', gate: '', draft: '' };

const atomParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'entry' || name === 'link' || name === 'author' });

async function feed(): Promise<{ xml: string; feed: Record<string, unknown>; entries: AtomEntry[] }> {
  const res = await visitor().get('/api/public/web/web/feed.atom');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
  const xml = await res.text();
  const parsed = atomParser.parse(xml) as { feed: Record<string, unknown> & { entry?: AtomEntry[] } };
  return { xml, feed: parsed.feed, entries: parsed.feed.entry ?? [] };
}

beforeAll(async () => {
  pictures.web = await uploadPhoto('#b3261e');
  pictures.gate = await uploadPhoto('#1e5bb3');
  pictures.draft = await uploadPhoto('#1eb35b');
  await proposePicture(WEB_PICTURE, pictures.web, ['web'], true);
  await proposePicture('Ảnh cổng cơ quan', pictures.gate, ['gate'], true);
  await proposePicture('Ảnh chưa duyệt', pictures.draft, ['web'], false);
  await propose(GREETING, ['web'], true, true);
  await propose(SOBER, ['web'], false, true);
  await propose(DRAFT, ['web'], false, false);
  await propose(GATE_ONLY, ['gate'], false, true);
});

describe('switched off (as shipped)', () => {
  it('answers 404 problem+json on every public route', async () => {
    for (const path of ['/api/public/web/web', '/api/public/web/web/timeline', '/api/public/web/web/feed.atom']) {
      const res = await visitor().get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toContain('đang tắt');
    }
  });
});

describe('the admin settings', () => {
  it('refuses origins that are not https://host[:port] with a clear message, and stores nothing', async () => {
    const before = WebChannelViewSchema.parse(await app.admin.json('/api/web-channel'));
    for (const bad of ['http://baochinhphu.vn', 'https://baochinhphu.vn/chuyen-muc', 'javascript:alert(1)', 'https://user@baochinhphu.vn', '*']) {
      const res = await app.admin.request('PUT', '/api/web-channel', { enabled: true, allowedOrigins: [PORTAL, bad] });
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const body = (await res.json()) as { errors: { path: string; message: string }[] };
      expect(body.errors.map((e) => e.path)).toEqual(['body.allowedOrigins.1']);
      expect(body.errors[0]!.message).toContain('https://');
    }
    expect(WebChannelViewSchema.parse(await app.admin.json('/api/web-channel'))).toEqual(before);
  });

  it('turns the channel on, lists the web zones, and writes an audit row', async () => {
    const res = await app.admin.request('PUT', '/api/web-channel', { enabled: true, allowedOrigins: [`${PORTAL}/`, 'http://localhost:5173'] });
    expect(res.status).toBe(200);
    const view = WebChannelViewSchema.parse(await res.json());
    expect(view.settings).toMatchObject({ enabled: true, allowedOrigins: [PORTAL, 'http://localhost:5173'] });
    expect(view.zones).toEqual([{ id: 'web', name: 'Trang tin Văn phòng Chính phủ' }]);
    const audit = (await app.admin.json('/api/audit?action=web-channel.update')) as { rows: { actor: string; after: { enabled: boolean } }[] };
    expect(audit.rows[0]).toMatchObject({ actor: 'admin', after: { enabled: true } });
    await setChannel(true);
  });
});

describe('what the channel shows', () => {
  beforeAll(() => setChannel(true));

  it('is the web zone timeline its screens get, from now for a day', async () => {
    const now = Date.now();
    const screens = await zoneTimeline(app.operator, 'web', new Date(now).toISOString(), 2);
    const pub = await publicTimeline();
    expect(pub.intervals.length).toBeGreaterThan(0);
    const expected = screens.intervals.filter((i) => Date.parse(i.end) > now && Date.parse(i.start) < now + 24 * 3600_000);
    // Intervals that ended between the two requests are the only allowed difference; the entries'
    // numbers are the banner's own (checked below), everything else is the screens'.
    const withoutNumbers = (intervals: Timeline['intervals']) =>
      intervals.map((i) => ({ ...i, playlist: i.playlist.map(({ itemId: _item, revisionId: _revision, ...rest }) => rest) }));
    expect(withoutNumbers(expected.slice(expected.length - pub.intervals.length))).toEqual(withoutNumbers(pub.intervals));
    expect(pub.afterHorizon).toBeUndefined();
  });

  it('never shows a draft or another zone’s item, in JSON, timeline or feed', async () => {
    const pub = await publicTimeline();
    const texts = pub.intervals.flatMap((i) => i.playlist.map((e) => e.text));
    expect(texts).toContain(SOBER);
    for (const hidden of [DRAFT, GATE_ONLY]) {
      expect(texts).not.toContain(hidden);
      expect((await feed()).xml).not.toContain(hidden.slice(0, 30));
      expect(await (await visitor().get('/api/public/web/web')).text()).not.toContain(hidden.slice(0, 30));
    }
    // The gate's item is real and plays there: the filter is the zone, not the item.
    expect(rotationAt(await zoneTimeline(app.operator, 'gate', new Date().toISOString(), 1), Date.now() + 60_000)).toContain(GATE_ONLY);
  });

  it('says what plays now and next as the rotation rule has it, with no user or database ids', async () => {
    const res = await visitor().get('/api/public/web/web');
    expect(res.status).toBe(200);
    const raw = await res.text();
    const body = WebNowSchema.parse(JSON.parse(raw));
    expect(body.zone.name).toBe('Trang tin Văn phòng Chính phủ');
    expect(body.now).not.toBeNull();
    const rotation = rotationAt(await publicTimeline(), Date.parse(body.now!.from));
    expect(rotation).toContain(body.now!.text);
    expect(body.next.length).toBeGreaterThan(0);
    expect(body.next[0]!.from).toBe(body.now!.until);
    expect(body.now!.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const secret of ['itemId', 'revisionId', SEED_APPROVER, 'duyetnoidung', 'vanhanh', 'createdBy']) expect(raw).not.toContain(secret);
    // Only other web zones could be named; there are none, and no other zone is reachable.
    for (const other of ['gate', 'lobby', 'hall', 'khong-co']) expect((await visitor().get(`/api/public/web/${other}`)).status).toBe(404);
  });

  it('names the banner timeline’s entries by their order of appearance, never by database numbers', async () => {
    const pub = await publicTimeline();
    const seen: number[] = [];
    for (const e of pub.intervals.flatMap((i) => i.playlist)) {
      if (!seen.includes(e.revisionId)) seen.push(e.revisionId);
      expect(e.itemId).toBe(e.revisionId);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(seen.map((_, k) => k + 1));
  });

  it('during mourning shows only what the web zone’s screens show: no celebratory item anywhere', async () => {
    expect((await feed()).entries.map((e) => e.title['#text'])).toContain(GREETING);
    expect((await app.admin.request('PUT', '/api/mourning', { messageItemIds: [] })).status).toBe(200);
    try {
      const now = Date.now();
      const pub = await publicTimeline();
      const current = pub.intervals.find((i) => Date.parse(i.start) <= now && now < Date.parse(i.end))!;
      expect(current.template).toBe('mourning');
      const screens = await zoneTimeline(app.operator, 'web', new Date().toISOString(), 1);
      expect(rotationAt(pub, now + 1000)).toEqual(rotationAt(screens, now + 1000));
      expect(rotationAt(pub, now + 1000)).not.toContain(GREETING);
      const body = WebNowSchema.parse(await (await visitor().get('/api/public/web/web')).json());
      expect(body.now?.mourning).toBe(true);
      expect([body.now, ...body.next].map((s) => s?.text)).not.toContain(GREETING);
      const during = await feed();
      expect(during.entries.length).toBeGreaterThan(0);
      expect(during.xml).not.toContain(GREETING);
    } finally {
      expect((await app.admin.request('DELETE', '/api/mourning')).status).toBe(200);
    }
    expect((await feed()).entries.map((e) => e.title['#text'])).toContain(GREETING);
  });
});

describe('the Atom feed', () => {
  beforeAll(() => setChannel(true));

  it('is well-formed Atom 1.0 with the elements RFC 4287 requires, and stable ids per revision', async () => {
    const { xml, feed: f, entries } = await feed();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(f['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
    expect(f.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect((f.title as { '#text': string })['#text']).toBe('Trang tin Văn phòng Chính phủ');
    expect(f.updated).toMatch(rfc3339);
    expect((f.author as { name: string }[])[0]!.name).toBeTruthy();
    const links = f.link as { '@_rel': string; '@_href': string }[];
    expect(links.find((l) => l['@_rel'] === 'self')!['@_href']).toBe(`${app.server.url}/api/public/web/web/feed.atom`);
    expect(entries.length).toBeGreaterThan(0);
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of entries) {
      expect(e.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(e.title['#text'].length).toBeGreaterThan(0);
      expect(e.updated).toMatch(rfc3339);
      expect(Date.parse(e.updated)).toBeLessThanOrEqual(Date.parse(f.updated as string));
    }
    // The feed and the JSON name a revision alike, and again on the next request.
    const titles = new Map(entries.map((e) => [e.title['#text'], e.id]));
    expect(titles.get(SOBER)).toBeDefined();
    expect((await feed()).entries.find((e) => e.title['#text'] === SOBER)!.id).toBe(titles.get(SOBER));
    expect(xml).toContain('ĐỔI MỚI, ỔN ĐỊNH'); // NFC text, unescaped
  });
});

describe('pictures', () => {
  beforeAll(() => setChannel(true));

  it('a picture item reaches the JSON and the feed as a public rendition, drawable by any page', async () => {
    const entry = (await feed()).entries.find((e) => e.title['#text'] === WEB_PICTURE)!;
    const enclosure = entry.link!.find((l) => l['@_rel'] === 'enclosure')!;
    expect(enclosure['@_type']).toBe('image/webp');
    expect(enclosure['@_href']).toBe(`${app.server.url}/api/public/web/web/pictures/${pictures.web}`);
    const res = await visitor().request('GET', `/api/public/web/web/pictures/${pictures.web}`, undefined, { Origin: PORTAL });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const etag = res.headers.get('etag')!;
    const again = await visitor().request('GET', `/api/public/web/web/pictures/${pictures.web}`, undefined, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });
    expect(again.status).toBe(304);
    // The JSON names it with the rendition's size whenever the picture is now or next.
    const slots = await (async () => {
      const body = WebNowSchema.parse(await (await visitor().get('/api/public/web/web')).json());
      return [body.now, ...body.next].filter((s) => s?.picture);
    })();
    for (const s of slots) expect(s!.picture).toEqual({ url: enclosure['@_href'], width: 1280, height: 960, credit: 'Văn phòng Đảng ủy' });
  });

  it('serves no picture the web zone does not show: another zone’s, a draft’s, any other file', async () => {
    for (const id of [pictures.gate, pictures.draft, 'a'.repeat(64), '../../pano.sqlite3']) {
      const res = await visitor().get(`/api/public/web/web/pictures/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await feed()).xml).not.toContain(pictures.gate);
    expect((await visitor().get(`/api/public/web/gate/pictures/${pictures.gate}`)).status).toBe(404);
  });
});

describe('caching and cross-origin reading', () => {
  beforeAll(() => setChannel(true));

  it('answers with a strong ETag and Cache-Control, and 304 to a matching If-None-Match', async () => {
    for (const path of ['/api/public/web/web/timeline', '/api/public/web/web/feed.atom']) {
      const first = await visitor().get(path);
      const etag = first.headers.get('etag')!;
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      // As a browser revalidates its cached copy (fetch() alone would add "no-cache", asking for a full reload).
      const again = await visitor().request('GET', path, undefined, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      const other = await visitor().request('GET', path, undefined, { 'If-None-Match': '"autre"', 'Cache-Control': 'max-age=0' });
      expect(other.status).toBe(200);
      expect(other.headers.get('etag')).toBe(etag);
    }
    const now = await visitor().get('/api/public/web/web');
    const maxAge = Number(/max-age=(\d+)/.exec(now.headers.get('cache-control')!)![1]);
    expect(maxAge).toBeGreaterThanOrEqual(1);
    expect(maxAge).toBeLessThanOrEqual(30);
  });

  it('lets only a listed portal read it across origins', async () => {
    const listed = await visitor().request('GET', '/api/public/web/web', undefined, { Origin: PORTAL });
    expect(listed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(listed.headers.get('vary')).toMatch(/Origin/);
    for (const stranger of ['https://evil.example', 'https://baochinhphu.vn.evil.example', 'null']) {
      const res = await visitor().request('GET', '/api/public/web/web', undefined, { Origin: stranger });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), stranger).toBeNull();
    }
  });

  it('is gone again when switched off', async () => {
    await setChannel(false);
    try {
      for (const path of ['/api/public/web/web', '/api/public/web/web/feed.atom']) {
        const res = await visitor().request('GET', path, undefined, { Origin: PORTAL });
        expect(res.status).toBe(404);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
    } finally {
      await setChannel(true);
    }
  });
});

describe('the rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ WEB_CHANNEL_REQUESTS_PER_MINUTE: '3' });
  });
  afterAll(() => server.cleanup());

  it('answers 429 problem+json with Retry-After once a client passes its requests per minute', async () => {
    const client = new ApiClient(server.url);
    // Switched off or not, every request counts: probing the switch costs the same.
    for (let i = 0; i < 3; i++) expect((await client.get('/api/public/web/web')).status).toBe(404);
    const res = await client.get('/api/public/web/web/feed.atom');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { title: string }).title).toBe('Quá nhiều yêu cầu');
  });
});
