import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from '../support/service-process';

/**
 * The kustomize overlays against a real Kubernetes API server: kube-apiserver and etcd built from
 * source (tools/kube-apiserver, started by scripts/lib/kube-apiserver.mjs), no controllers, no nodes.
 * `kubectl apply --dry-run=server` runs every object through the server's schema validation and
 * admission chain without storing it. PodSecurity only warns about a Deployment's or StatefulSet's
 * template and enforces at Pod creation (a controller's job, absent here), so each workload's template
 * is also dry-run as the Pod its controller would create, which the `restricted` level of the
 * namespace then admits or refuses.
 * A cold start builds both binaries into the cache outside the repo (12-20 min on two cores); a warm
 * one takes seconds.
 */
interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
}

interface Rendered {
  yaml: string;
  objects: KubeObject[];
}

const NAMESPACE = 'fooddelivery';
const WORKLOADS = ['Deployment', 'StatefulSet'];
const RESTRICTED = 'violates PodSecurity "restricted:latest"';

let server: ChildProcess | undefined;
let exited: Promise<unknown> | undefined;
let kubeconfig = '';
let serverOutput = '';

function kubectl(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { input, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function kubectlOk(args: string[], input?: string): string {
  const result = kubectl(args, input);
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/** The lines kubectl prints for the server's warnings (PodSecurity's `would violate ...` among them). */
const warningsIn = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('Warning:'));

const documents = (yaml: string) => yaml.split(/^---$/m).filter((document) => document.trim() !== '');

/**
 * `kubectl kustomize` (kubectl's built-in kustomize), read back as objects through a client-side dry
 * run of apply, which prints one JSON List (and needs the kinds known: stand-in CRDs come first).
 */
function render(dir: string): Rendered {
  const rendered = spawnSync('kubectl', ['kustomize', join(REPO, dir)], { encoding: 'utf8', timeout: 60_000 });
  if (rendered.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${rendered.stderr}`);
  const list = JSON.parse(kubectlOk(['apply', '--dry-run=client', '-o', 'json', '-f', '-'], rendered.stdout)) as { items: KubeObject[] };
  for (const object of list.items) delete object.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
  expect(list.items).toHaveLength(documents(rendered.stdout).length);
  return { yaml: rendered.stdout, objects: list.items };
}

/** Applies for real: the namespaces (namespaced objects cannot be dry-run into one that does not exist) and, for pods, the ServiceAccount. */
function applyForReal(objects: KubeObject[]) {
  if (objects.length === 0) return;
  kubectlOk(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}

/** Server-side dry run of a whole rendering: exit status, kubectl's lines per object and the warnings. */
function dryRunApply(rendered: Rendered) {
  const result = kubectl(['apply', '--dry-run=server', '-f', '-'], rendered.yaml);
  return { ...result, lines: result.stdout.split('\n').filter((line) => line.endsWith('(server dry run)')), warnings: warningsIn(result.stderr) };
}

/** The Pod a Deployment's or StatefulSet's controller would create from its template (a StatefulSet's claims as its volumes). */
function podOf(workload: KubeObject): KubeObject {
  const template = workload.spec.template;
  const spec = { ...template.spec, volumes: [...(template.spec.volumes ?? [])] };
  for (const claim of workload.spec.volumeClaimTemplates ?? []) {
    spec.volumes.push({ name: claim.metadata.name, persistentVolumeClaim: { claimName: `${claim.metadata.name}-${workload.metadata.name}-0` } });
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...template.metadata, name: `${workload.metadata.name}-0`, namespace: workload.metadata.namespace },
    spec,
  };
}

const dryRunCreate = (object: KubeObject) => kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(object));

/**
 * A CRD that accepts anything of a kind the server does not serve (the operators' and Prometheus'
 * resources): the objects still meet the server's metadata validation, namespaces and admission.
 */
function standInCrds(yaml: string, served: Set<string>): KubeObject[] {
  const crds = new Map<string, KubeObject>();
  for (const document of documents(yaml)) {
    const apiVersion = /^apiVersion: *(\S+)/m.exec(document)?.[1];
    const kind = /^kind: *(\S+)/m.exec(document)?.[1];
    if (!apiVersion || !kind || served.has(apiVersion) || !apiVersion.includes('/')) continue;
    const [group, version] = apiVersion.split('/') as [string, string];
    const plural = `${kind.toLowerCase()}s`;
    crds.set(`${plural}.${group}`, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.${group}` },
      spec: {
        group,
        scope: /^ {2}namespace:/m.test(document) ? 'Namespaced' : 'Cluster',
        names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
        versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
  }
  return [...crds.values()];
}

function installStandInCrds(dirs: string[]) {
  const served = new Set(kubectlOk(['api-versions']).split('\n').filter(Boolean));
  const crds = dirs.flatMap((dir) => {
    const rendered = spawnSync('kubectl', ['kustomize', join(REPO, dir)], { encoding: 'utf8', timeout: 60_000 });
    if (rendered.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${rendered.stderr}`);
    return standInCrds(rendered.stdout, served);
  });
  applyForReal(crds);
  for (const crd of crds) kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', `crd/${crd.metadata.name}`]);
  return crds;
}

beforeAll(async () => {
  server = spawn(process.execPath, [join(REPO, 'scripts', 'lib', 'kube-apiserver.mjs'), 'run'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const child = server;
  exited = new Promise((resolve) => child.on('exit', resolve));
  kubeconfig = await new Promise<string>((resolve, reject) => {
    const take = (chunk: Buffer) => {
      serverOutput += chunk.toString();
      // a cold build takes many minutes: its progress lines show in the test log
      process.stderr.write(chunk);
      const match = /^KUBECONFIG=(.+)$/m.exec(serverOutput);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('exit', (code) => reject(new Error(`scripts/lib/kube-apiserver.mjs run exited (${code}) before the server was ready:\n${serverOutput}`)));
  });
  installStandInCrds(['kubernetes/overlays/production', 'kubernetes/operators']);
}, 3_600_000);

afterAll(async () => {
  if (!server) return;
  if (server.exitCode === null) server.kill('SIGTERM');
  await exited;
  // stop() removed everything the start made: certificates, etcd's data, the kubeconfig
  if (kubeconfig) expect(existsSync(dirname(kubeconfig))).toBe(false);
}, 60_000);

describe('the manifests against a real kube-apiserver (server-side dry run)', () => {
  let demo: Rendered;

  beforeAll(() => {
    demo = render('kubernetes/overlays/demo');
    applyForReal(demo.objects.filter((object) => object.kind === 'Namespace'));
  });

  it('the demo overlay: every object passes validation and admission, without a warning', () => {
    const namespace = JSON.parse(kubectlOk(['get', 'namespace', NAMESPACE, '-o', 'json'])) as KubeObject;
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });

    const result = dryRunApply(demo);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.warnings).toEqual([]);
    expect(result.lines).toHaveLength(demo.objects.length);
    expect(demo.objects.filter((object) => WORKLOADS.includes(object.kind)).length).toBeGreaterThanOrEqual(9);
  });

  it("each workload's pod, as its controller would create it, is admitted at the namespace's restricted level", () => {
    // the ServiceAccount admission plugin refuses a pod whose service account does not exist
    applyForReal(demo.objects.filter((object) => object.kind === 'ServiceAccount'));
    const admitted = demo.objects
      .filter((object) => WORKLOADS.includes(object.kind))
      .map((workload) => {
        const result = dryRunCreate(podOf(workload));
        return { workload: `${workload.kind}/${workload.metadata.name}`, status: result.status, stderr: result.stderr };
      });
    expect(admitted.filter((pod) => pod.status !== 0 || pod.stderr !== '')).toEqual([]);
  });

  it('PodSecurity bites: a root or privileged pod is refused, and a Deployment of one is warned about', () => {
    applyForReal(demo.objects.filter((object) => object.kind === 'ServiceAccount'));
    const gateway = demo.objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'gateway')!;

    const asRoot = podOf(gateway);
    asRoot.spec.securityContext = { ...asRoot.spec.securityContext, runAsNonRoot: false, runAsUser: 0 };
    const rootRefused = dryRunCreate(asRoot);
    expect(rootRefused.status).not.toBe(0);
    expect(rootRefused.stderr).toContain(`pods "gateway-0" is forbidden: ${RESTRICTED}`);
    expect(rootRefused.stderr).toContain('must not set runAsUser=0');

    const privileged = podOf(gateway);
    privileged.metadata.name = 'privileged';
    privileged.spec.containers = [{ name: 'shell', image: 'busybox:1.36', securityContext: { privileged: true } }];
    const privilegedRefused = dryRunCreate(privileged);
    expect(privilegedRefused.status).not.toBe(0);
    expect(privilegedRefused.stderr).toContain(RESTRICTED);
    expect(privilegedRefused.stderr).toContain('must not set securityContext.privileged=true');

    // the Deployment itself is stored, with a warning: the assertion of no warnings above is not vacuous
    const rootDeployment = { ...gateway, metadata: { ...gateway.metadata, name: 'as-root' }, spec: { ...gateway.spec, template: { ...gateway.spec.template, spec: asRoot.spec } } };
    const warned = dryRunCreate(rootDeployment);
    expect(warned.status).toBe(0);
    expect(warningsIn(warned.stderr).join('\n')).toContain('would violate PodSecurity "restricted:latest"');
  });

  it('the production overlay, with a stand-in ServiceMonitor CRD: every object and every pod passes', () => {
    const production = render('kubernetes/overlays/production');
    applyForReal(production.objects.filter((object) => ['Namespace', 'ServiceAccount'].includes(object.kind)));
    const result = dryRunApply(production);
    expect({ status: result.status, warnings: result.warnings }).toEqual({ status: 0, warnings: [] });
    expect(result.lines).toHaveLength(production.objects.length);
    const refused = production.objects
      .filter((object) => WORKLOADS.includes(object.kind))
      .map((workload) => ({ workload: workload.metadata.name, ...dryRunCreate(podOf(workload)) }))
      .filter((pod) => pod.status !== 0 || pod.stderr !== '');
    expect(refused).toEqual([]);
  });

  it("the operators' example resources, with stand-in CRDs, are accepted into existing namespaces", () => {
    const operators = render('kubernetes/operators');
    applyForReal(operators.objects.filter((object) => object.kind === 'Namespace'));
    const result = dryRunApply(operators);
    expect({ status: result.status, warnings: result.warnings }).toEqual({ status: 0, warnings: [] });
    expect(result.lines).toHaveLength(operators.objects.length);
  });
});
