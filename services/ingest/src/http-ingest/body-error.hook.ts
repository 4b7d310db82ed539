import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { RejectionReason } from '../normalise/rejection';
import { authenticatorToken, type Authenticator } from '@andon/service-kit';
import { HttpIngestService } from './http-ingest.service';
import { INGEST_SCHEME } from './ingest-auth';

interface BodyParserError {
  type?: unknown;
  body?: unknown;
  message?: unknown;
  limit?: unknown;
}

const EVENTS_PATH = /\/ingest\/v1\/events\/?$/;

function classify(
  err: BodyParserError,
): { reason: RejectionReason; detail: string; bytes: Uint8Array } | undefined {
  const message = typeof err.message === 'string' ? err.message : 'unreadable body';
  switch (err.type) {
    case 'entity.parse.failed':
      // body-parser keeps the text it failed on; it is the request body, so it is what gets dead-lettered.
      return {
        reason: 'decode_failed',
        detail: `not valid JSON (${message})`,
        bytes: Buffer.from(typeof err.body === 'string' ? err.body : '', 'utf8'),
      };
    case 'entity.too.large':
      return {
        reason: 'oversized',
        detail: `request body exceeds the JSON parser limit of ${String(err.limit)} bytes (body not kept)`,
        bytes: Buffer.alloc(0),
      };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { reason: 'unsupported_content_type', detail: message, bytes: Buffer.alloc(0) };
    default:
      return undefined;
  }
}

/**
 * The application's JSON parser refuses a malformed or too-large body before any route
 * runs, so without this hook such input would get a generic 400 and be lost. Registered
 * in onModuleInit, i.e. after the routes and before Nest's own error handler, it turns
 * those parser errors on POST /ingest/v1/events into the same answer and dead letter as
 * any other bad input (after the caller authenticated: strangers do not fill the DLQ).
 */
@Injectable()
export class BodyErrorHook implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(HttpIngestService) private readonly http: HttpIngestService,
    @Inject(authenticatorToken(INGEST_SCHEME)) private readonly events: Authenticator,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'express') return;
    adapter.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
      const parsed = typeof err === 'object' && err !== null ? classify(err as BodyParserError) : undefined;
      if (!parsed || req.method !== 'POST' || !EVENTS_PATH.test(req.path)) return next(err);
      this.events.authenticate({ authorization: req.headers.authorization }).then(
        () =>
          this.http
            .refuseBody(parsed.bytes, req.headers['content-type'], parsed.reason, parsed.detail)
            .then((result) => res.status(result.status).json(result.body))
            .catch(next),
        () =>
          res.status(401).json({ code: 'INVALID_TOKEN', message: 'a bearer token for ingest is required' }),
      );
    });
  }
}
