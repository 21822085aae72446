import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The deployment files are checked strictly and offline by tools/deploy-check (Go): the kustomize
 * overlays are rendered in-process and decoded into the real Kubernetes API types, compose.yaml is
 * loaded by the Compose Specification's own loader, and both go through the deployment policy
 * (probes, resources, non-root, pinned images, HPA/PDB/Service/Ingress links, healthchecks, …).
 * - the tool's own Go tests pass, and its failing fixtures fail with exactly the expected report
 *   (so the rules bite);
 * - the real overlays kubernetes/overlays/{demo,production} and compose.yaml pass.
 */
const REPO = join(__dirname, '..', '..');
const TOOL = join(REPO, 'tools', 'deploy-check');
const FIXTURES = join('tools', 'deploy-check', 'testdata');
/** A cold build compiles the Kubernetes API types: about two minutes on two cores. */
const BUILD_TIMEOUT_MS = 600_000;

let binary: string;

beforeAll(async () => {
  binary = await buildDeployCheck();
}, BUILD_TIMEOUT_MS);

/**
 * The binary for the current sources, built into the cache if missing (scripts/lib/deploy-check.mjs).
 * In a child process: the build script is an ES module, which jest cannot load. It prints progress,
 * then the binary's path as its last line.
 */
async function buildDeployCheck(): Promise<string> {
  const script = join(REPO, 'scripts', 'lib', 'deploy-check.mjs');
  const code = `import(${JSON.stringify(script)}).then(async (m) => console.log(await m.deployCheck())).catch((e) => { console.error(e.message); process.exit(1); })`;
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const lines = output.trim().split('\n');
      if (status === 0) resolve(lines[lines.length - 1]);
      else reject(new Error(`deploy-check could not be built:\n${output}`));
    });
  });
}

/** Runs the checker from the repository root: its exit code and its report's lines. */
function deployCheck(...args: string[]): { status: number | null; lines: string[] } {
  const result = spawnSync(binary, args, { cwd: REPO, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, lines: `${result.stdout}${result.stderr}`.trimEnd().split('\n') };
}

describe('deploy-check', () => {
  it(
    'passes its own Go tests',
    () => {
      const result = spawnSync('go', ['test', './...'], {
        cwd: TOOL,
        encoding: 'utf8',
        env: { ...process.env, GOTOOLCHAIN: 'local' },
      });
      expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
        status: 0,
        output: expect.stringMatching(/^ok\s+fooddelivery\/tools\/deploy-check\s/m),
      });
    },
    BUILD_TIMEOUT_MS,
  );

  it('rejects a Deployment that sets replicas and lacks probes, and a misspelt field', () => {
    const overlays = ['good', 'replicas-and-probes', 'unknown-field'].map((name) => join(FIXTURES, 'kustomize', name));
    expect(deployCheck('kustomize', ...overlays)).toEqual({
      status: 1,
      lines: [
        'good: 12 objects, 0 problems',
        'replicas-and-probes: Deployment/api: spec.replicas is set (3): the HorizontalPodAutoscaler owns the replica count',
        'replicas-and-probes: Deployment/api: container api: no readinessProbe',
        'replicas-and-probes: Deployment/api: container api: no livenessProbe',
        'replicas-and-probes: Deployment/api: container api: no startupProbe',
        'replicas-and-probes: 12 objects, 4 problems',
        'unknown-field: Deployment/api: unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
        'unknown-field: 12 objects, 1 problem',
      ],
    });
  });

  it('rejects unpinned images, dependencies that do not wait for health, missing healthchecks and stray ports', () => {
    expect(deployCheck('compose', join(FIXTURES, 'compose', 'good.yaml'))).toEqual({
      status: 0,
      lines: ['good.yaml: 5 services, 0 problems'],
    });
    expect(deployCheck('compose', join(FIXTURES, 'compose', 'bad.yaml'))).toEqual({
      status: 1,
      lines: [
        'bad.yaml: loader: The "APP_SECRET" variable is not set. Defaulting to a blank string.',
        'bad.yaml: service/app: no healthcheck (only a one-shot service, restart: "no", may go without)',
        'bad.yaml: service/app: depends_on cache: condition service_healthy, but cache has no healthcheck',
        'bad.yaml: service/app: depends_on mongo: condition service_started (use service_healthy or service_completed_successfully)',
        'bad.yaml: service/app: depends_on worker: condition service_completed_successfully, but worker is not a one-shot service (restart: "no")',
        'bad.yaml: service/app: publishes port 8081:8081: only the gateway publishes a port outside a profile',
        'bad.yaml: service/cache: no healthcheck (only a one-shot service, restart: "no", may go without)',
        'bad.yaml: service/gateway: depends_on app: condition service_started (use service_healthy or service_completed_successfully)',
        'bad.yaml: service/gateway: publishes port 80:8080: the gateway publishes 8080 only',
        'bad.yaml: service/mongo: image "mongo:latest" uses the tag latest',
        'bad.yaml: service/worker: no healthcheck (only a one-shot service, restart: "no", may go without)',
        'bad.yaml: service/worker: image "example.org/worker" has no tag or digest',
        'bad.yaml: 5 services, 12 problems',
      ],
    });
  });

  // the real deployment files: missing ones fail (they are part of the deployment, not optional)
  it.each([
    ['kustomize', join('kubernetes', 'overlays', 'demo')],
    ['kustomize', join('kubernetes', 'overlays', 'production')],
    ['kustomize', join('kubernetes', 'operators')],
    ['compose', 'compose.yaml'],
  ])('%s %s passes', (command, target) => {
    if (!existsSync(join(REPO, target))) throw new Error(`${target} is missing`);
    const { status, lines } = deployCheck(command, target);
    expect({ status, lines }).toEqual({
      status: 0,
      lines: expect.arrayContaining([expect.stringMatching(/^\S+: \d+ (objects|services), 0 problems$/)]),
    });
  });
  it('cloudbuild.yaml builds, pushes, points the production overlay at the pushed tags, applies it, then waits for every rollout', () => {
    expect(deployCheck('cloudbuild', 'cloudbuild.yaml', join('kubernetes', 'overlays', 'production'))).toEqual({
      status: 0,
      lines: ['cloudbuild.yaml: 15 steps, 0 problems'],
    });
    // the order is checked, not just the steps' presence: a pipeline that deploys first fails
    expect(deployCheck('cloudbuild', join(FIXTURES, 'cloudbuild', 'bad.yaml'), join(FIXTURES, 'kustomize', 'good')).status).toBe(1);
  });

  it('finds every Secret and key the demo overlay uses in what scripts/k8s-secrets.mjs makes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fooddelivery-demo-secrets-'));
    try {
      const made = spawnSync(process.execPath, [join(REPO, 'scripts', 'k8s-secrets.mjs'), 'demo'], { encoding: 'utf8' });
      expect(made.status).toBe(0);
      // the Namespace is the overlay's own; the Secrets are rendered beside it
      writeFileSync(join(dir, 'secrets.yaml'), made.stdout.split('\n---\n').slice(1).join('\n---\n'));
      // kustomize takes a base only by a relative path
      writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n  - ${relative(dir, join(REPO, 'kubernetes', 'overlays', 'demo'))}\n  - secrets.yaml\n`);
      const { status, lines } = deployCheck('kustomize', dir);
      expect({ status, unresolved: lines.filter((line) => line.includes('Secret')) }).toEqual({ status: 0, unresolved: [] });
      expect(lines[lines.length - 1]).toMatch(/: 39 objects, 0 problems$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
