import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CaptureResultSchema,
  CommandResultSchema,
  DisplayListSchema,
  EmptyBodySchema,
  PairDisplayRequestSchema,
  UpdateDisplayRequestSchema,
} from '../protocol/displays.js';
import { DisplayStatusSchema, type DisplayStatus } from '../protocol/messages.js';
import { assertFound, defineRoute, signedIn, type RouteContext } from '../http/route.js';
import { HttpProblem } from '../http/problem.js';
import type { Engine } from '../db/engine.js';
import { AuditRepository } from '../db/audit-repository.js';
import { DisplayRepository, type DisplayRecord } from '../db/display-repository.js';
import { DisplayCommandRepository } from '../db/display-command-repository.js';
import { claimPairingCode } from '../ws/pairing.js';
import type { Hub } from '../ws/hub.js';

export interface DisplayRouteDeps {
  engine: Engine;
  audit: AuditRepository;
  registry: DisplayRepository;
  zoneExists: (zoneId: string) => boolean | Promise<boolean>;
  hub: Pick<
    Hub,
    'listDisplays' | 'isOnline' | 'stillWaiting' | 'completePairing' | 'disconnectDisplay' | 'refreshDisplay' | 'notifyDisplaysChanged' | 'capture'
  >;
}

const OPERATORS = ['operator', 'admin'] as const;
const IDENTIFY_SECONDS = 10;

/** What the audit log keeps of a display: never its token hash. */
function audited(d: DisplayRecord) {
  return { id: d.id, name: d.name, zoneId: d.zoneId, role: d.role, revokedAt: d.revokedAt };
}

export function displayRoutes(deps: DisplayRouteDeps) {
  const { engine, audit, registry, hub } = deps;
  const status = async (id: string): Promise<DisplayStatus> => (await hub.listDisplays()).find((d) => d.id === id)!;
  const activeDisplay = async (raw: string | undefined): Promise<DisplayRecord> => {
    const found = raw ? await registry.findById(raw) : undefined;
    return assertFound(found && !found.revokedAt ? found : undefined, `màn hình "${raw}"`);
  };
  const requireZone = async (zoneId: string) => {
    if (!(await deps.zoneExists(zoneId))) {
      throw new HttpProblem(400, 'Khu vực không tồn tại', `Không có khu vực "${zoneId}".`, [{ path: 'body.zoneId', message: 'Khu vực không tồn tại' }]);
    }
  };
  const commandRoute = (name: 'identify' | 'reload', summary: string) =>
    defineRoute({
      method: 'post',
      path: `/api/displays/:id/${name}`,
      summary,
      tag: 'displays',
      access: OPERATORS,
      body: EmptyBodySchema,
      response: CommandResultSchema,
      problems: [404],
      handler: async (ctx) => {
        const user = signedIn(ctx).user;
        const display = await activeDisplay(ctx.params.id);
        // Connected to any node: the command reaches it through the node that holds its socket.
        const delivered = await hub.isOnline(display.id);
        await engine.transaction(async (tx) => {
          if (delivered) await new DisplayCommandRepository(tx).issue(display.id, name, name === 'identify' ? { name: display.name, seconds: IDENTIFY_SECONDS } : {});
          await new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action: `display.${name}`, target: `display:${display.id}`, after: { delivered }, remoteAddress: ctx.remoteAddress });
        });
        return { delivered };
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/api/displays',
      summary: 'Màn hình đã ghép nối, trạng thái trực tiếp (paired displays with live status)',
      tag: 'displays',
      access: 'signed-in',
      response: DisplayListSchema,
      handler: async () => ({ displays: await hub.listDisplays() }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/displays/pair',
      summary: 'Ghép nối màn hình bằng mã hiện trên màn hình (claim a pairing code; single use, rate-limited)',
      tag: 'displays',
      access: OPERATORS,
      body: PairDisplayRequestSchema,
      response: DisplayStatusSchema,
      status: 201,
      problems: [404, 429],
      handler: async (ctx) => {
        const user = signedIn(ctx).user;
        // Checked before the code is consumed, so a mistyped zone does not burn the code.
        await requireZone(ctx.body.zoneId);
        // One transaction: the code is consumed (or the failure counted), the display registered
        // with the hash of the token the screen's node keeps, and that node told to hand it over.
        const outcome = await engine.transaction(async (tx) => {
          const id = randomUUID();
          const claim = await claimPairingCode(tx, ctx.body.code, ctx.remoteAddress, id, Date.now(), (c) => hub.stillWaiting(c));
          if (!claim.ok) {
            if (claim.reason === 'unknown') {
              await new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action: 'display.pair-failed', target: 'display:?', remoteAddress: ctx.remoteAddress });
            }
            return claim;
          }
          const created = await new DisplayRepository(tx).create(
            { id, name: ctx.body.name, zoneId: ctx.body.zoneId, role: ctx.body.role ?? null, tokenSha256: claim.claimed.tokenSha256, pairedBy: user.id },
            new Date(),
          );
          await new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action: 'display.pair', target: `display:${created.id}`, after: audited(created), remoteAddress: ctx.remoteAddress });
          await new DisplayCommandRepository(tx).issue(created.id, 'paired', { waiterId: claim.claimed.waiterId });
          return { ok: true as const, display: created, waiterId: claim.claimed.waiterId };
        });
        if (!outcome.ok && outcome.reason === 'throttled') {
          throw new HttpProblem(429, 'Nhập sai mã quá nhiều lần', `Hãy thử lại sau ${outcome.retryAfterSeconds} giây.`, undefined, {
            'Retry-After': String(outcome.retryAfterSeconds),
          });
        }
        if (!outcome.ok) throw new HttpProblem(404, 'Mã ghép nối không đúng', 'Mã sai, đã dùng hoặc đã hết hạn. Hãy đọc lại mã đang hiện trên màn hình.');
        // The screen on this node is handed its token now (its command finds it done); on another
        // node, that node does it when the command reaches it.
        await hub.completePairing(outcome.waiterId);
        return status(outcome.display.id);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/displays/:id',
      summary: 'Đổi tên, khu vực hoặc vai trò của màn hình (rename, move to a zone, hall role)',
      tag: 'displays',
      access: OPERATORS,
      body: UpdateDisplayRequestSchema,
      response: DisplayStatusSchema,
      problems: [404],
      handler: async (ctx) => {
        const user = signedIn(ctx).user;
        const before = await activeDisplay(ctx.params.id);
        if (ctx.body.zoneId) await requireZone(ctx.body.zoneId);
        const after = await engine.transaction(async (tx) => {
          const updated = await new DisplayRepository(tx).update(before.id, ctx.body);
          await new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action: 'display.update', target: `display:${before.id}`, before: audited(before), after: audited(updated), remoteAddress: ctx.remoteAddress });
          return updated;
        });
        await hub.refreshDisplay(after.id, { name: after.name, zoneId: after.zoneId });
        return status(after.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/displays/:id/revoke',
      summary: 'Thu hồi màn hình: đóng kết nối ngay, màn hình quay về màn hình ghép nối (revoke the token)',
      tag: 'displays',
      access: OPERATORS,
      body: EmptyBodySchema,
      response: z.object({ revoked: z.literal(true) }),
      problems: [404],
      handler: async (ctx: RouteContext<object>) => {
        const user = signedIn(ctx).user;
        const before = await activeDisplay(ctx.params.id);
        await engine.transaction(async (tx) => {
          const after = await new DisplayRepository(tx).revoke(before.id, user.id, new Date());
          await new AuditRepository(tx).append({ actorId: user.id, actor: user.username, action: 'display.revoke', target: `display:${before.id}`, before: audited(before), after: audited(after), remoteAddress: ctx.remoteAddress });
          // The node holding its socket (perhaps another) closes it.
          await new DisplayCommandRepository(tx).issue(before.id, 'revoke', {});
        });
        hub.disconnectDisplay(before.id, 'revoked');
        hub.notifyDisplaysChanged();
        return { revoked: true as const };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/displays/:id/capture',
      summary: 'Chụp màn hình: a small JPEG of what the screen draws now, beside what the server believes it shows; 6 a minute per display',
      tag: 'displays',
      access: OPERATORS,
      body: EmptyBodySchema,
      response: CaptureResultSchema,
      problems: [404, 409, 429, 502, 504],
      handler: async (ctx) => {
        const user = signedIn(ctx).user;
        const display = await activeDisplay(ctx.params.id);
        const outcome = await hub.capture(display.id);
        await audit.append({
          actorId: user.id,
          actor: user.username,
          action: 'display.capture',
          target: `display:${display.id}`,
          after: { captured: outcome.ok, ...(outcome.ok ? {} : { reason: outcome.reason }) },
          remoteAddress: ctx.remoteAddress,
        });
        if (!outcome.ok) throw captureProblem(outcome.reason, outcome.retryAfterSeconds);
        return {
          jpegBase64: outcome.jpeg.toString('base64'),
          width: outcome.width,
          height: outcome.height,
          capturedAt: new Date().toISOString(),
          showing: (await status(display.id))?.showing ?? null,
        };
      },
    }),
    commandRoute('identify', 'Hiện tên màn hình thật lớn trong 10 giây (identify)'),
    commandRoute('reload', 'Tải lại ứng dụng trên màn hình (reload the display app)'),
  ];
}

function captureProblem(reason: 'offline' | 'throttled' | 'timeout' | 'invalid', retryAfterSeconds = 10): HttpProblem {
  switch (reason) {
    case 'offline':
      return new HttpProblem(409, 'Màn hình đang mất kết nối', 'Không chụp được: màn hình không kết nối với máy chủ. (The display is offline.)');
    case 'throttled':
      return new HttpProblem(429, 'Chụp quá nhiều lần', `Hãy thử lại sau ${retryAfterSeconds} giây. (Too many captures: try again in ${retryAfterSeconds} s.)`, undefined, {
        'Retry-After': String(retryAfterSeconds),
      });
    case 'timeout':
      return new HttpProblem(504, 'Màn hình không trả lời', 'Màn hình không gửi ảnh chụp trong 10 giây. (The display did not answer within 10 s.)');
    case 'invalid':
      return new HttpProblem(502, 'Ảnh chụp không hợp lệ', 'Màn hình gửi một ảnh không phải JPEG nhỏ hợp lệ. (The display sent something that is not a valid small JPEG.)');
  }
}
