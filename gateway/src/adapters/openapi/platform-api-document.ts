import type { OpenAPIObject, OperationObject, PathItemObject, ResponsesObject } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { API_DOCUMENT_PATH, ERROR_SCHEMA, operationsOf } from '@fooddelivery/platform';
import type { RouteTable } from '../../domain/route-table';

/** Where the gateway serves Swagger UI (its assets come from swagger-ui-dist, served by the gateway itself). */
export const SWAGGER_UI_PATH = '/docs';

/** An upstream's document is fetched again after this long; one that could not be fetched, after RETRY_MS. */
const FRESH_MS = 30_000;
const RETRY_MS = 5_000;
const FETCH_TIMEOUT_MS = 2_000;

/** What one upstream contributed: its document, or why it is left out. */
export type UpstreamDocument = { upstream: string; document: OpenAPIObject } | { upstream: string; problem: string };

/** What the gateway adds to every routed operation: the answers it gives itself instead of the upstream's. */
const GATEWAY_ANSWERS: Record<string, string> = {
  '429': "Over the caller's rate limit (RATE_LIMIT_PER_MINUTE); Retry-After says when to retry.",
  '502': 'The service behind this route did not answer properly.',
  '503': 'The service behind this route is unavailable; Retry-After says when to retry.',
  '504': 'The service behind this route did not answer within PROXY_TIMEOUT_MS.',
};

/**
 * The platform's OpenAPI document as clients reach it through the gateway: the gateway's own routes
 * (/auth, health, metrics, this document, Swagger UI) plus, from each upstream's GET /openapi.json,
 * the paths the routing table sends to that upstream. Upstream schemas are renamed `<upstream>.<name>`
 * (the shared Error schema stays one). An upstream that cannot be fetched is left out and named in
 * `info.description` and `x-missing-upstreams`; the document is still served.
 */
export function mergeApiDocuments(
  own: OpenAPIObject,
  routes: RouteTable,
  upstreams: readonly UpstreamDocument[],
): OpenAPIObject {
  const merged: OpenAPIObject = structuredClone(own);
  merged.paths = { ...merged.paths, [SWAGGER_UI_PATH]: { get: swaggerUiOperation() } };
  merged.components = { ...merged.components, schemas: { ...(merged.components?.schemas ?? {}) } };
  const schemas = merged.components.schemas ?? {};
  const missing: { upstream: string; problem: string }[] = [];
  for (const entry of upstreams) {
    if (!('document' in entry)) {
      missing.push({ upstream: entry.upstream, problem: entry.problem });
      continue;
    }
    const { upstream, document } = entry;
    const renamed = renameSchemas(document, upstream);
    for (const [name, schema] of Object.entries(renamed.components?.schemas ?? {})) schemas[name] = schema;
    for (const [path, item] of Object.entries(renamed.paths)) {
      if (routes.match(path.replace(/\{[^}]+\}/g, 'x'))?.upstream !== upstream) continue;
      merged.paths[path] = withGatewayAnswers(item);
    }
  }
  if (missing.length > 0) {
    merged.info = {
      ...merged.info,
      description: `${merged.info.description ?? ''}\n\nLeft out because their document could not be fetched: ${missing
        .map(({ upstream, problem }) => `${upstream} (${problem})`)
        .join('; ')}.`,
    };
  }
  (merged as OpenAPIObject & { 'x-missing-upstreams': unknown })['x-missing-upstreams'] = missing;
  return merged;
}

/**
 * Fetches each upstream's document (cached: FRESH_MS when it came, RETRY_MS when it did not) and
 * merges them with the gateway's own. Concurrent requests share one fetch per upstream.
 */
export class PlatformApiDocument {
  private readonly cache = new Map<string, { entry: Promise<UpstreamDocument>; until: number }>();

  constructor(
    private readonly own: OpenAPIObject,
    private readonly routes: RouteTable,
    private readonly logger: Logger,
    private readonly fetchDocument: (url: string) => Promise<unknown> = fetchJson,
  ) {}

  async current(): Promise<OpenAPIObject> {
    const targets = new Map<string, string>();
    for (const route of this.routes.entries())
      if (!targets.has(route.upstream)) targets.set(route.upstream, route.target);
    const upstreams = await Promise.all([...targets].map(([upstream, target]) => this.documentOf(upstream, target)));
    return mergeApiDocuments(this.own, this.routes, upstreams);
  }

  private documentOf(upstream: string, target: string): Promise<UpstreamDocument> {
    const cached = this.cache.get(upstream);
    if (cached && cached.until > Date.now()) return cached.entry;
    const entry = this.fetchDocument(`${target}${API_DOCUMENT_PATH}`)
      .then((document): UpstreamDocument => {
        if (!isOpenApiDocument(document)) throw new Error('the answer is not an OpenAPI 3 document');
        this.cache.set(upstream, { entry, until: Date.now() + FRESH_MS });
        return { upstream, document };
      })
      .catch((error: unknown): UpstreamDocument => {
        const problem = error instanceof Error ? error.message : String(error);
        this.logger.warn(
          { upstream, problem },
          "an upstream's OpenAPI document could not be fetched; left out of the merged one",
        );
        this.cache.set(upstream, { entry, until: Date.now() + RETRY_MS });
        return { upstream, problem };
      });
    this.cache.set(upstream, { entry, until: Date.now() + FETCH_TIMEOUT_MS });
    return entry;
  }
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

function isOpenApiDocument(value: unknown): value is OpenAPIObject {
  if (!value || typeof value !== 'object') return false;
  const document = value as Partial<OpenAPIObject>;
  return (
    typeof document.openapi === 'string' &&
    document.openapi.startsWith('3.') &&
    typeof document.paths === 'object' &&
    document.paths !== null
  );
}

/** `#/components/schemas/X` → `#/components/schemas/<upstream>.X` everywhere, but the shared Error schema. */
function renameSchemas(document: OpenAPIObject, upstream: string): OpenAPIObject {
  const rename = (name: string) => (name === ERROR_SCHEMA ? name : `${upstream}.${name}`);
  const prefix = '#/components/schemas/';
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' && inner.startsWith(prefix)
          ? prefix + rename(inner.slice(prefix.length))
          : walk(inner),
      ]),
    );
  };
  const renamed = walk(document) as OpenAPIObject;
  const schemas = renamed.components?.schemas ?? {};
  return {
    ...renamed,
    components: {
      ...renamed.components,
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [rename(name), schema])),
    },
  };
}

function withGatewayAnswers(item: PathItemObject): PathItemObject {
  const copy: PathItemObject = { ...item };
  for (const { method, operation } of operationsOf({
    openapi: '3.0.0',
    info: { title: '', version: '' },
    paths: { '/': item },
  })) {
    const responses: ResponsesObject = { ...operation.responses };
    for (const [status, description] of Object.entries(GATEWAY_ANSWERS)) {
      responses[status] ??= {
        description,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
      };
    }
    (copy as Record<string, OperationObject>)[method] = { ...operation, responses };
  }
  return copy;
}

function swaggerUiOperation(): OperationObject {
  return {
    operationId: 'gateway.swaggerUi.get',
    summary: 'Swagger UI over this document',
    tags: ['platform'],
    responses: {
      '200': { description: 'The Swagger UI page.', content: { 'text/html': { schema: { type: 'string' } } } },
    },
  };
}
