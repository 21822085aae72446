import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';

/** A hashed asset name as the web build writes them (`index-B2x9.js`): one segment, no dot segments. */
const ASSET = /^\/assets\/([A-Za-z0-9_-][A-Za-z0-9._-]*)$/;

/**
 * The page may load only what the gateway serves itself (scripts, styles, API calls): no inline
 * script, no other origin, never framed.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': PAGE_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Hashed names change with their content: cached for a year, never revalidated. */
const ASSET_HEADERS = {
  'Cache-Control': 'public, max-age=31536000, immutable',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The web front end (the `web` workspace's build) at `GET /` (index.html) and `GET /assets/*`,
 * public and from the gateway's own origin, so the page calls the API with the same token and no
 * CORS. It takes nothing else: the client routes by the URL's hash (`/#/orders/…`), so no API path
 * is ever shadowed, and any other path goes on to the gateway's routes as before. Without a build
 * in `root` (or for an asset it does not hold) the request goes on too: `/` answers as it always
 * did. Registered on Express ahead of Nest's router, as the API document is.
 */
export function serveWebApp(app: NestExpressApplication, root: string, logger: Logger): void {
  const index = join(root, 'index.html');
  if (existsSync(index)) logger.info({ webRoot: root }, 'serving the web front end at /');
  else logger.info({ webRoot: root }, 'no web front end build in WEB_ROOT: / is not served (npm run build makes it)');

  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const { path } = request;
    if (path === '/' || path === '/index.html') return sendOrPass(response, index, PAGE_HEADERS, next);
    const asset = ASSET.exec(path);
    if (asset && !asset[1].includes('..'))
      return sendOrPass(response, join(root, 'assets', asset[1]), ASSET_HEADERS, next);
    next();
  });
}

function sendOrPass(response: Response, file: string, headers: Record<string, string>, next: NextFunction): void {
  response.sendFile(file, { headers, dotfiles: 'deny', lastModified: true }, (error?: Error & { code?: string }) => {
    if (!error) return;
    // not built (or no such asset): the gateway's routes answer, as without a front end
    if (!response.headersSent && (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EISDIR'))
      return next();
    if (!response.headersSent) return next(error);
  });
}
