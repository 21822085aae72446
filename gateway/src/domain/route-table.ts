/** One line of the routing table: requests under `prefix` go to the upstream service at `target`. */
export interface Route {
  /** Path prefix on segment boundaries: `/orders` takes `/orders` and `/orders/7`, never `/ordersx`. */
  prefix: string;
  /** Base URL of the upstream's first instance (`http://app:8081`): where one answer from the service will do. */
  target: string;
  /**
   * Base URLs of every instance of the upstream (one or more; the first is `target`). Requests are
   * balanced over the ready ones; the request's path and query are appended as they are.
   */
  targets: readonly string[];
  /** The upstream's name, in error messages and metrics (`app`). */
  upstream: string;
}

/**
 * A route as configured: `target` is one base URL or a list of them (the instances of one upstream);
 * `upstream` may be left out (then the first target's host name is used).
 */
export interface RouteDefinition {
  prefix: string;
  target: string | readonly string[];
  upstream?: string;
}

export type RouteTableOutcome = { ok: true; table: RouteTable } | { ok: false; problem: string };

/** Paths the gateway answers itself; a route may not take them over. */
export const GATEWAY_PATHS: readonly string[] = ['auth', 'health', 'metrics'];

const SEGMENT = /^[A-Za-z0-9._~-]+$/;
const UPSTREAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;

/**
 * Which upstream serves a path. Built from configuration (adding a service is a new line, not code);
 * the longest matching prefix wins, so `/admin/pay` can sit next to `/admin`.
 */
export class RouteTable {
  private readonly routes: readonly Route[];

  private constructor(routes: Route[]) {
    this.routes = [...routes].sort((a, b) => segmentsOf(b.prefix).length - segmentsOf(a.prefix).length);
  }

  /** Checks every line; the problem names the line and what is wrong with it. */
  static from(definitions: unknown): RouteTableOutcome {
    if (!Array.isArray(definitions)) return { ok: false, problem: 'must be a JSON array of {"prefix", "target"} objects' };
    if (definitions.length === 0) return { ok: false, problem: 'must list at least one route' };
    const routes: Route[] = [];
    for (const [index, definition] of definitions.entries()) {
      const checked = checkRoute(definition);
      if (typeof checked === 'string') return { ok: false, problem: `route ${index + 1}: ${checked}` };
      if (routes.some((route) => route.prefix === checked.prefix)) {
        return { ok: false, problem: `route ${index + 1}: prefix ${checked.prefix} is listed twice` };
      }
      routes.push(checked);
    }
    return { ok: true, table: new RouteTable(routes) };
  }

  /** The route for a request path (no query string), or undefined when no prefix takes it. */
  match(path: string): Route | undefined {
    return this.routes.find((route) => path === route.prefix || path.startsWith(`${route.prefix}/`));
  }

  entries(): readonly Route[] {
    return this.routes;
  }
}

/** True for paths with `.` or `..` segments (also percent-encoded): the gateway refuses to route them. */
export function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => DOT_SEGMENT.test(segment));
}

function checkRoute(definition: unknown): Route | string {
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) {
    return 'must be an object {"prefix", "target", "upstream"?}';
  }
  const { prefix, target, upstream, ...unknown } = definition as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) return `unknown field ${extra.map((key) => `"${key}"`).join(', ')}`;
  if (typeof prefix !== 'string' || !prefix.startsWith('/')) return 'prefix must be a path such as "/orders"';
  const segments = segmentsOf(prefix);
  if (segments.length === 0 || prefix.endsWith('/') || !segments.every((segment) => SEGMENT.test(segment)) || hasDotSegment(prefix)) {
    return `prefix ${prefix} must be one or more path segments such as "/orders" or "/admin/pay" (no trailing slash)`;
  }
  if (GATEWAY_PATHS.includes(segments[0])) return `prefix ${prefix} is reserved for the gateway itself`;
  const listed: unknown[] = Array.isArray(target) ? (target as unknown[]) : [target];
  if (listed.length === 0 || !listed.every((value): value is string => typeof value === 'string')) {
    return `target of ${prefix} must be an http:// or https:// URL, or an array of them`;
  }
  const urls: URL[] = [];
  for (const value of listed) {
    const url = parseHttpUrl(value);
    if (!url) return `target of ${prefix} must be an http:// or https:// URL without query or credentials (got "${value}")`;
    urls.push(url);
  }
  if (upstream !== undefined && (typeof upstream !== 'string' || !UPSTREAM_NAME.test(upstream))) {
    return `upstream of ${prefix} must be a short name such as "app"`;
  }
  const [first, ...more] = [...new Set(urls.map((url) => url.href.replace(/\/$/, '')))];
  // `listed` is not empty, so neither is `urls`
  return { prefix, target: first, targets: [first, ...more], upstream: upstream ?? new URL(first).hostname };
}

/** An upstream base URL: http(s), without credentials, query or fragment (one instance; see splitUrlList for the list form). */
export function isUpstreamTarget(value: string): boolean {
  return parseHttpUrl(value) !== undefined;
}

function segmentsOf(prefix: string): string[] {
  return prefix.split('/').slice(1);
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    const plain = (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    return plain && !url.search && !url.hash ? url : undefined;
  } catch {
    return undefined;
  }
}
