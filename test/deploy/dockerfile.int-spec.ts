import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureHadolint, expand, imageConfig, readDockerfile, stageNamed } from '../support/dockerfile';
import { REPO } from '../support/service-process';

/**
 * The one Dockerfile of the six images, without a Docker engine: hadolint finds nothing at warning
 * level or above, and the image each SERVICE gets (its final stage and the stages below it, folded
 * as the builder folds them) runs as a numeric non-root user, checks /health/live, starts node in
 * exec form on the service's own port, and is built on pinned images only.
 */
const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] };
/** web is the front end: no image of its own, its build is in the gateway's (see production-tree.int-spec.ts). */
const SERVICES = root.workspaces.filter((dir) => !dir.includes('/') && dir !== 'web');
const dockerfile = readDockerfile();

/** PORT's default in the service's configuration: `...serviceVariables(8081)`. */
function defaultPort(service: string): string {
  const source = readFileSync(join(REPO, service, 'src', `${service}.config.ts`), 'utf8');
  const match = /serviceVariables\((\d+)\)/.exec(source);
  if (!match) throw new Error(`${service}.config.ts: no serviceVariables(<port>)`);
  return match[1];
}

describe('the Dockerfile', () => {
  let hadolint: string;
  beforeAll(() => {
    const started = Date.now();
    hadolint = ensureHadolint();
    console.log(`hadolint ready in ${Date.now() - started} ms: ${hadolint}`);
  }, 300_000);

  it('has no hadolint finding at warning level or above', () => {
    const result = spawnSync(hadolint, ['--format', 'json', '--no-fail', 'Dockerfile'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(result.error).toBeUndefined();
    const findings = JSON.parse(result.stdout) as { code: string; level: string; line: number; message: string }[];
    const serious = findings.filter((finding) => finding.level === 'error' || finding.level === 'warning');
    expect(serious.map(({ code, line, message }) => `line ${line}: ${code} ${message}`)).toEqual([]);
  });

  it('builds only on pinned images: a version tag, never latest or none, the same Node in every stage', () => {
    const images = dockerfile.stages
      .map((stage) => expand(stage.from, dockerfile.globalArgs))
      .filter((from) => !stageNamed(dockerfile, from) && !from.startsWith('service-'));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      const [, tag] = image.split(':');
      expect({ image, tag }).toEqual({ image, tag: expect.stringMatching(/^\d+\.\d+(\.\d+)?-[a-z]+-slim$/) });
    }
    // the native module compiled in the deps stage has to match the runtime's Node and glibc
    expect(new Set(images).size).toBe(1);
  });

  it('installs the dependencies from the manifests alone (a code change does not reinstall), with a cache for ~/.npm', () => {
    const deps = stageNamed(dockerfile, 'deps')!;
    const install = deps.instructions.findIndex(({ keyword, args }) => keyword === 'RUN' && /\bnpm ci\b/.test(args));
    expect(install).toBeGreaterThan(-1);
    expect(deps.instructions[install].args).toContain('--mount=type=cache,target=/root/.npm');
    const copied = deps.instructions
      .slice(0, install)
      .filter(({ keyword }) => keyword === 'COPY')
      .flatMap(({ args }) => {
        const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
        const destination = words.pop()!;
        return words.map((source) => (destination === './' ? source : join(destination, source.split('/').pop()!)));
      });
    const manifests = ['package.json', 'package-lock.json', ...root.workspaces.map((dir) => join(dir, 'package.json'))];
    expect(copied.sort()).toEqual(manifests.sort());
  });

  describe.each(SERVICES)('the %s image', (service) => {
    const image = imageConfig(dockerfile, { SERVICE: service });

    it(`is ${service}'s own stage on the runtime stage, which copies only the production tree (and tini, its init)`, () => {
      // the last is the file's final FROM, service-${SERVICE}, unnamed
      expect(image.chain.map((stage) => stage.name)).toEqual(['runtime', `service-${service}`, undefined]);
      const copies = image.chain.flatMap((stage) =>
        stage.instructions.filter(({ keyword }) => keyword === 'COPY' || keyword === 'ADD'),
      );
      expect(copies.map(({ args }) => args)).toEqual(['--from=deps /usr/bin/tini /usr/bin/tini', '--from=tree /tree ./']);
    });

    it('runs as a numeric user and group that are not root', () => {
      expect(image.user).toMatch(/^\d+:\d+$/);
      expect(image.user!.split(':').map(Number)).not.toContain(0);
    });

    it(`listens on ${service}'s default port, which it exposes, with NODE_ENV=production and SQLite in /tmp`, () => {
      expect(image.env.PORT).toBe(defaultPort(service));
      expect(image.expose).toEqual([image.env.PORT]);
      expect(image.env.NODE_ENV).toBe('production');
      expect(image.env.SQLITE_PATH).toBe(`/tmp/${service}.sqlite`);
    });

    it('checks its health on /health/live at $PORT with node (no curl in a slim image)', () => {
      const [, options, command] = /^((?:--\S+\s+)*)CMD\s+(.*)$/.exec(image.healthcheck ?? '') ?? [];
      expect(options).toMatch(/--timeout=\d+s/);
      const argv = JSON.parse(command) as string[];
      expect(argv[0]).toBe('node');
      expect(argv.join(' ')).toContain('process.env.PORT}/health/live');
    });

    it("starts node on the service's main.js under tini, both in exec form (SIGTERM reaches node, no shell between)", () => {
      expect(JSON.parse(image.entrypoint ?? 'null')).toEqual(['/usr/bin/tini', '--']);
      expect(JSON.parse(image.cmd ?? 'null')).toEqual(['node', `${service}/dist/main.js`]);
      expect(image.workdir).toBeDefined();
    });
  });
});
