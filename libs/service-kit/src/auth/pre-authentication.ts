import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { toErrorResponse } from '../errors/kit-exception.filter';
import { authenticatorToken, type Authenticator } from './authenticator';

/** A route whose caller is authenticated before its body is read. */
export interface PreAuthRule {
  method: string;
  path: RegExp;
  scheme: string;
}

/**
 * Authenticates matching requests before any body parser runs, so an anonymous client
 * cannot make the service read and parse megabytes. Call it before `useBodyParser`: Express
 * runs middleware in the order it was added. The route's guard checks again afterwards.
 */
export function installPreAuthentication(app: INestApplication, rules: readonly PreAuthRule[]): void {
  const resolved = rules.map((rule) => ({
    rule,
    authenticator: app.get<Authenticator>(authenticatorToken(rule.scheme), { strict: false }),
  }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const match = resolved.find(({ rule }) => rule.method === req.method && rule.path.test(req.path));
    if (!match) return next();
    match.authenticator.authenticate({ authorization: req.headers.authorization, address: req.ip }).then(
      () => next(),
      (err: unknown) => {
        const { status, body, headers } = toErrorResponse(err);
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        // The unread body is discarded with the connection rather than parsed.
        res.setHeader('connection', 'close');
        res.status(status).json(body);
      },
    );
  });
}
