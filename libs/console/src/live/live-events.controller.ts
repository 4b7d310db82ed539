import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { hasLine, hasSite, type Principal } from '@andon/governance/auth';
import { CurrentPrincipal } from '@andon/service-kit';
import { LiveEventsService, type LiveEvent } from './live-events.service';

const HEARTBEAT_MS = 20_000;

/** Whether a change at site/line concerns the principal (same site and line scope as the REST reads). */
export function concerns(principal: Principal, event: LiveEvent): boolean {
  if (event.site === '') return principal.sites.includes('*');
  return hasSite(principal, event.site) && hasLine(principal, event.site, event.line);
}

/**
 * GET /api/console/events: server-sent events telling the console what to refetch.
 * Authenticated by the kit's guard like the REST API, with the bearer token in the
 * Authorization header (the console reads the stream with fetch, which can send it;
 * EventSource cannot). The
 * stream carries no plant data and ends when the token expires, so a client must sign
 * in again to keep listening.
 */
@Controller('api/console')
export class LiveEventsController {
  constructor(@Inject(LiveEventsService) private readonly live: LiveEventsService) {}

  @Get('events')
  events(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): void {
    res.status(200).set({
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    res.write(`retry: 5000\nevent: ready\ndata: ${JSON.stringify({ userId: principal.userId })}\n\n`);
    const unlisten = this.live.listen((event) => {
      if (concerns(principal, event)) res.write(`event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const expiresAt = tokenExpiry(req.headers.authorization);
    const expiry = expiresAt
      ? setTimeout(() => res.end('event: expired\ndata: {}\n\n'), Math.max(0, expiresAt - Date.now()))
      : undefined;
    expiry?.unref();
    const close = () => {
      unlisten();
      clearInterval(heartbeat);
      if (expiry) clearTimeout(expiry);
    };
    req.on('close', close);
    res.on('close', close);
  }
}

/** exp of an already verified JWT, in epoch ms. */
function tokenExpiry(header: string | undefined): number | undefined {
  const token = header?.replace(/^Bearer\s+/i, '') ?? '';
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
