import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { All, Controller, NotFoundException, Req, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import pino from 'pino';
import request from 'supertest';
import { serveWebApp } from './serve-web-app';
import { DEFAULT_WEB_ROOT, webRootOf } from './web.config';

/** Stands in for the gateway's routes: a catch-all after everything, as the proxy's. */
@Controller()
class CatchAllController {
  @All('{*path}')
  answer(@Req() req: Request): never {
    throw new NotFoundException(`Cannot ${req.method} ${req.path}`);
  }
}

const logger = pino({ level: 'silent' });
let root: string;

async function gatewayServing(webRoot: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ controllers: [CatchAllController] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  serveWebApp(app, webRoot, logger);
  await app.init();
  return app;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'web-root-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>fooddelivery</title>');
  writeFileSync(join(root, 'assets', 'index-B2x9.js'), 'console.log(1)');
  writeFileSync(join(root, '.secret'), 'no');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('serveWebApp', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await gatewayServing(root);
  });
  afterAll(() => app.close());

  it('serves index.html at / (and /index.html), never cached, under a same-origin content policy', async () => {
    for (const path of ['/', '/index.html']) {
      const answer = await request(app.getHttpServer()).get(path);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.text).toContain('<title>fooddelivery</title>');
    }
    expect((await request(app.getHttpServer()).head('/')).status).toBe(200);
  });

  it('serves hashed assets cached for a year', async () => {
    const answer = await request(app.getHttpServer()).get('/assets/index-B2x9.js');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('takes nothing else: other methods, paths, unknown assets, dot files and escapes reach the routes', async () => {
    const server = app.getHttpServer();
    for (const [method, path] of [
      ['post', '/'],
      ['get', '/orders'],
      ['get', '/stores/1/menu'],
      ['get', '/assets/missing.js'],
      ['get', '/assets/'],
      ['get', '/assets/..%2findex.html'],
      ['get', '/assets/sub/index-B2x9.js'],
      ['get', '/.secret'],
      ['get', '/favicon.ico'],
    ] as const) {
      const answer = await request(server)[method](path);
      expect({ method, path, status: answer.status, body: answer.body as unknown }).toEqual({
        method,
        path,
        status: 404,
        body: expect.objectContaining({ statusCode: 404 }),
      });
    }
  });
});

describe('without a build in WEB_ROOT', () => {
  it('/ answers as the routes do (as before there was a front end)', async () => {
    const app = await gatewayServing(join(root, 'nothing-here'));
    try {
      const answer = await request(app.getHttpServer()).get('/');
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ statusCode: 404, message: 'Cannot GET /' });
    } finally {
      await app.close();
    }
  });
});

describe('WEB_ROOT', () => {
  it('defaults to web/dist beside the gateway folder (the repository and the image alike)', () => {
    expect(DEFAULT_WEB_ROOT).toBe(join(__dirname, '..', '..', '..', '..', 'web', 'dist'));
    expect(DEFAULT_WEB_ROOT.endsWith(join('web', 'dist'))).toBe(true);
    expect(webRootOf({})).toBe(DEFAULT_WEB_ROOT);
    expect(webRootOf({ WEB_ROOT: '/srv/web' })).toBe('/srv/web');
  });
});
