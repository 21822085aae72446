import type { OpenAPIObject } from '@nestjs/swagger';
import pino from 'pino';
import { RouteTable } from '../../domain/route-table';
import { PlatformApiDocument, mergeApiDocuments } from './platform-api-document';

const table = RouteTable.from([
  { prefix: '/orders', target: 'http://app:8081', upstream: 'app' },
  { prefix: '/store-orders', target: 'http://store:8083', upstream: 'store' },
]);
if (!table.ok) throw new Error(table.problem);
const routes = table.table;

const own: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'gateway', version: '1', description: 'the platform' },
  paths: { '/auth/token': { post: { responses: { '200': { description: 'a token' } } } } },
  components: { schemas: { TokenResponse: { type: 'object' } } },
};

const app: OpenAPIObject = {
  openapi: '3.0.0',
  info: { title: 'app', version: '1' },
  paths: {
    '/orders/{orderId}': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
          },
          '404': {
            description: 'no',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
    '/health/ready': { get: { responses: { '200': { description: 'ready' } } } },
    '/openapi.json': { get: { responses: { '200': { description: 'this' } } } },
  },
  components: {
    schemas: {
      Order: {
        type: 'object',
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/OrderLine' } } },
      },
      OrderLine: { type: 'object' },
      Error: { type: 'object' },
    },
  },
};

const logger = pino({ level: 'silent' });

describe('mergeApiDocuments', () => {
  const merged = mergeApiDocuments(own, routes, [
    { upstream: 'app', document: app },
    { upstream: 'store', problem: 'GET http://store:8083/openapi.json answered 503' },
  ]);

  it("keeps the gateway's own paths, adds Swagger UI, and takes from an upstream only what the routing table sends there", () => {
    expect(Object.keys(merged.paths).sort()).toEqual(['/auth/token', '/docs', '/orders/{orderId}']);
  });

  it("renames the upstream's schemas and every reference to them, but the shared Error schema", () => {
    expect(Object.keys(merged.components?.schemas ?? {}).sort()).toEqual([
      'Error',
      'TokenResponse',
      'app.Order',
      'app.OrderLine',
    ]);
    const responses = merged.paths['/orders/{orderId}'].get!.responses as Record<string, any>;
    expect(responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/app.Order');
    expect(responses['404'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect((merged.components?.schemas?.['app.Order'] as any).properties.items.items.$ref).toBe(
      '#/components/schemas/app.OrderLine',
    );
  });

  it("adds the answers the gateway gives itself on routed operations (429, 502, 503, 504), keeping the upstream's own", () => {
    const responses = merged.paths['/orders/{orderId}'].get!.responses as Record<string, any>;
    expect(Object.keys(responses).sort()).toEqual(['200', '404', '429', '502', '503', '504']);
    expect(responses['404'].description).toBe('no');
    expect(merged.paths['/auth/token'].post!.responses).not.toHaveProperty('429');
  });

  it('names an upstream it could not fetch instead of failing', () => {
    expect(merged.info.description).toContain('store (GET http://store:8083/openapi.json answered 503)');
    expect((merged as any)['x-missing-upstreams']).toEqual([
      { upstream: 'store', problem: 'GET http://store:8083/openapi.json answered 503' },
    ]);
  });

  it("leaves the gateway's own document as it was", () => {
    expect(Object.keys(own.paths)).toEqual(['/auth/token']);
  });
});

describe('PlatformApiDocument', () => {
  it('fetches each upstream once while its document is fresh, and leaves out one that is down', async () => {
    const fetched: string[] = [];
    const platform = new PlatformApiDocument(own, routes, logger, async (url) => {
      fetched.push(url);
      if (url.startsWith('http://store')) throw new Error('connect ECONNREFUSED');
      return app;
    });
    const first = await platform.current();
    const second = await platform.current();
    expect(fetched).toEqual(['http://app:8081/openapi.json', 'http://store:8083/openapi.json']);
    expect(Object.keys(first.paths)).toContain('/orders/{orderId}');
    expect((second as any)['x-missing-upstreams']).toEqual([{ upstream: 'store', problem: 'connect ECONNREFUSED' }]);
  });

  it('refuses an answer that is not an OpenAPI 3 document', async () => {
    const platform = new PlatformApiDocument(own, routes, logger, async () => ({ hello: 'world' }));
    const merged = await platform.current();
    expect((merged as any)['x-missing-upstreams'].map((entry: { upstream: string }) => entry.upstream)).toEqual([
      'app',
      'store',
    ]);
  });
});
