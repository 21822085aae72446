// A real, throwaway Kubernetes API server on the loopback interface: etcd plus kube-apiserver, built
// from source through the Go module proxy (tools/kube-apiserver/) because no prebuilt Kubernetes
// binary can be downloaded here. No controller-manager, scheduler or kubelet: it serves the API with
// its schema validation and built-in admission (PodSecurity among them), which is what a server-side
// dry run of the manifests needs.
//
//   node scripts/lib/kube-apiserver.mjs build   only make sure both binaries are in the cache
//   node scripts/lib/kube-apiserver.mjs run     start, print `KUBECONFIG=<path>`, run until Ctrl-C/SIGTERM
//
// or from a script: `const { kubeconfig, stop } = await startKubeApiserver()`.
//
// The binaries live in the cache outside the repo (~/.cache/fooddelivery/kube/bin), named by a hash of
// their module's sources, so a fresh clone reuses them and a source change rebuilds. A cold build of
// kube-apiserver downloads ~500 MB of modules and compiles for many minutes on two cores.
// Everything a start makes (certificates, keys, etcd's data, logs, kubeconfig) is in one temp dir
// that stop() removes.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, HOST } from './config.mjs';
import { withTicker } from './log.mjs';
import { run, tailFile, which } from './proc.mjs';

export const KUBE_TOOLS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'kube-apiserver');
export const KUBE_BIN_DIR = path.join(CACHE_DIR, 'kube', 'bin');
/** Binaries of older source trees are removed once they are this old (a clone of last week's tree may still run its own). */
const STALE_MS = 7 * 24 * 3600 * 1000;
/** The service CIDR handed to the API server: only allocated from (ClusterIPs), never routed or contacted. */
const SERVICE_CIDR = '10.96.0.0/16';
/** Ports the project's other tools and tests use: a picked port never falls in these. */
const RESERVED_PORTS = [
  [8080, 8099],
  [18000, 20100],
];

/** The Kubernetes version the apiserver module builds (its `k8s.io/kubernetes` requirement). */
export function kubernetesVersion() {
  const gomod = fs.readFileSync(path.join(KUBE_TOOLS_DIR, 'apiserver', 'go.mod'), 'utf8');
  const match = /^\s*(?:require\s+)?k8s\.io\/kubernetes\s+(v\d+\.\d+\.\d+)\s*$/m.exec(gomod);
  if (!match) throw new Error('tools/kube-apiserver/apiserver/go.mod: no k8s.io/kubernetes requirement');
  return match[1];
}

/** How each binary is built: its module folder under tools/kube-apiserver and its linker flags. */
function recipes() {
  const version = kubernetesVersion();
  const [major, minor] = version.slice(1).split('.');
  // what kube's own build stamps into k8s.io/component-base/version, so /version and kubectl see the real release
  const stamp = ['gitVersion=' + version, 'gitMajor=' + major, 'gitMinor=' + minor, 'gitTreeState=clean']
    .map((setting) => `-X k8s.io/component-base/version.${setting}`)
    .join(' ');
  return {
    etcd: { dir: 'etcd', ldflags: '-s -w' },
    'kube-apiserver': { dir: 'apiserver', ldflags: `-s -w ${stamp}` },
  };
}

/** go.mod, go.sum and every .go file of one module, as paths relative to it. */
function sourceFiles(dir, prefix = '') {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path.join(dir, entry.name), relative));
    else if (entry.name.endsWith('.go') || (prefix === '' && ['go.mod', 'go.sum'].includes(entry.name))) files.push(relative);
  }
  return files.sort();
}

/** First 12 hex digits of a sha256 over a module's sources (names and contents) and its linker flags. */
export function sourceHash(name) {
  const recipe = recipes()[name];
  const dir = path.join(KUBE_TOOLS_DIR, recipe.dir);
  const hash = createHash('sha256');
  hash.update(`ldflags ${recipe.ldflags}\0`);
  for (const file of sourceFiles(dir)) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

async function ensureBinary(name) {
  const recipe = recipes()[name];
  const binary = path.join(KUBE_BIN_DIR, `${name}-${sourceHash(name)}`);
  if (fs.existsSync(binary)) return binary;
  const go = which('go');
  if (!go) throw new Error(`kube-apiserver: go is not on PATH, needed to build ${name} (.ci/run installs golang-go)`);
  fs.mkdirSync(KUBE_BIN_DIR, { recursive: true });
  // built beside its final name and renamed: a concurrent run never sees half a binary
  const partial = `${binary}.${process.pid}.partial`;
  const estimate = name === 'etcd' ? '~2 min cold' : '~12-20 min cold on two cores';
  try {
    await withTicker(`kube-apiserver: building ${name} from tools/kube-apiserver/${recipe.dir} (go build, ${estimate})`, () =>
      run(go, ['build', '-trimpath', '-buildvcs=false', '-ldflags', recipe.ldflags, '-o', partial, '.'], {
        cwd: path.join(KUBE_TOOLS_DIR, recipe.dir),
        env: { GOTOOLCHAIN: 'local' },
      }),
    );
    fs.renameSync(partial, binary);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  removeStaleBinaries(name, binary);
  return binary;
}

function removeStaleBinaries(name, current) {
  for (const entry of fs.readdirSync(KUBE_BIN_DIR)) {
    const file = path.join(KUBE_BIN_DIR, entry);
    if (!entry.startsWith(`${name}-`) || file === current) continue;
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}

/** The paths of both binaries, each built first if the cache lacks the one for the current sources. */
export async function ensureKubeBinaries() {
  // one after the other: each build already uses every core
  const etcd = await ensureBinary('etcd');
  const apiserver = await ensureBinary('kube-apiserver');
  return { etcd, apiserver };
}

function openssl(args, cwd) {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`kube-apiserver: openssl could not run (${result.error.message}); it makes the throwaway certificates`);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.stderr}`);
}

/** A random positive serial number (Go rejects negative ones). */
const serial = () => `0x${(randomBytes(16)[0] & 0x7f).toString(16).padStart(2, '0')}${randomBytes(15).toString('hex')}`;

/**
 * Throwaway PKI in `dir`: a CA, the API server's serving certificate for 127.0.0.1, an admin client
 * certificate in system:masters, and the service-account token signing key pair. All EC P-256.
 */
function makePki(dir) {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  // a config of our own, so the machine's openssl.cnf adds nothing
  fs.writeFileSync(
    path.join(dir, 'pki.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '[server]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      `subjectAltName = IP:${HOST}, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, IP:10.96.0.1`,
      '[client]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = clientAuth',
      '',
    ].join('\n'),
  );
  const days = ['-days', '2'];
  openssl(['req', '-config', 'pki.cnf', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=fooddelivery-throwaway-ca', '-extensions', 'ca', '-set_serial', serial(), ...days], dir);
  for (const [name, subject, extensions] of [
    ['apiserver', '/CN=kube-apiserver', 'server'],
    ['admin', '/O=system:masters/CN=fooddelivery-admin', 'client'],
  ]) {
    openssl(['req', '-config', 'pki.cnf', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', serial(), ...days, '-extfile', 'pki.cnf', '-extensions', extensions, '-out', `${name}.crt`], dir);
  }
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'service-account.key'], dir);
  openssl(['pkey', '-in', 'service-account.key', '-pubout', '-out', 'service-account.pub'], dir);
  for (const file of fs.readdirSync(dir)) if (file.endsWith('.key')) fs.chmodSync(path.join(dir, file), 0o600);
}

const reserved = (port) => RESERVED_PORTS.some(([low, high]) => port >= low && port <= high);

/** A port the kernel reports free on the loopback address, outside the project's reserved ranges. */
async function freePort(taken) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const { port: picked } = server.address();
        server.close(() => resolve(picked));
      });
    });
    if (!reserved(port) && !taken.includes(port)) return port;
  }
  throw new Error('kube-apiserver: found no free loopback port');
}

function kubeconfigText(server, dir) {
  const file = (name) => JSON.stringify(path.join(dir, name));
  return `apiVersion: v1
kind: Config
clusters:
  - name: fooddelivery-throwaway
    cluster:
      server: ${server}
      certificate-authority: ${file('ca.crt')}
users:
  - name: fooddelivery-admin
    user:
      client-certificate: ${file('admin.crt')}
      client-key: ${file('admin.key')}
contexts:
  - name: fooddelivery-throwaway
    context:
      cluster: fooddelivery-throwaway
      user: fooddelivery-admin
current-context: fooddelivery-throwaway
`;
}

/** One HTTPS GET with the admin client certificate; resolves to { status, body } or rejects on a network error. */
function get(url, dir) {
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      {
        ca: fs.readFileSync(path.join(dir, 'ca.crt')),
        cert: fs.readFileSync(path.join(dir, 'admin.crt')),
        key: fs.readFileSync(path.join(dir, 'admin.key')),
        timeout: 5000,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode, body }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** A child process whose output goes to a log file, with a promise of its exit. */
function startLogged(command, args, logFile) {
  const fd = fs.openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
    child.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve(signal ?? code));
      child.on('error', (error) => resolve(error.message));
    });
    return child;
  } finally {
    fs.closeSync(fd);
  }
}

async function waitUntil(label, child, logFile, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  let exited;
  void child.exited.then((how) => (exited = how));
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${label} exited (${exited}) before it was ready:\n${tailFile(logFile, 40)}`);
    try {
      const answer = await probe();
      if (answer === true) return;
      last = answer;
    } catch (error) {
      last = error.message;
    }
    await sleep(250);
  }
  throw new Error(`${label} not ready after ${timeoutMs / 1000}s (${last}):\n${tailFile(logFile, 40)}`);
}

async function stopChild(child, graceMs) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const gone = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!gone) {
    child.kill('SIGKILL');
    await child.exited;
  }
}

/**
 * Starts etcd and kube-apiserver on free loopback ports and resolves, once /readyz answers ok, to
 * { kubeconfig, server, dir, version, stop }. stop() ends both and removes the temp dir.
 */
export async function startKubeApiserver({ readyTimeoutMs = 120_000 } = {}) {
  const binaries = await ensureKubeBinaries();
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fooddelivery-kube-'));
  const children = [];
  // a parent that exits without stop() (a crash, process.exit) takes both daemons with it
  const killOnExit = () => children.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const child of [...children].reverse()) await stopChild(child, 15_000);
    process.removeListener('exit', killOnExit);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    makePki(dir);
    const ports = [];
    for (let i = 0; i < 3; i += 1) ports.push(await freePort(ports));
    const [clientPort, peerPort, securePort] = ports;

    const etcdLog = path.join(dir, 'etcd.log');
    const etcdUrl = `http://${HOST}:${clientPort}`;
    const peerUrl = `http://${HOST}:${peerPort}`;
    const etcd = startLogged(
      binaries.etcd,
      [
        '--name=throwaway',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=throwaway=${peerUrl}`,
        '--initial-cluster-state=new',
        // a throwaway store: durability buys nothing and costs seconds per start
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      etcdLog,
    );
    children.push(etcd);
    await waitUntil('etcd', etcd, etcdLog, 30_000, async () => {
      const answer = await fetch(`${etcdUrl}/health`, { signal: AbortSignal.timeout(2000) });
      const body = await answer.text();
      return answer.ok && body.includes('"health":"true"') ? true : `${answer.status} ${body}`;
    });

    const apiserverLog = path.join(dir, 'kube-apiserver.log');
    const pki = (name) => path.join(dir, name);
    const apiserver = startLogged(
      binaries.apiserver,
      [
        `--etcd-servers=${etcdUrl}`,
        `--bind-address=${HOST}`,
        `--advertise-address=${HOST}`,
        `--secure-port=${securePort}`,
        `--cert-dir=${path.join(dir, 'apiserver-certs')}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        `--client-ca-file=${pki('ca.crt')}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki('service-account.pub')}`,
        `--service-account-signing-key-file=${pki('service-account.key')}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--authorization-mode=Node,RBAC',
        // the default admission chain (NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity, ...):
        // no --enable-admission-plugins, so nothing is added and nothing of the defaults is lost
        // as on kubeadm clusters, so a privileged pod meets PodSecurity and not a blanket refusal
        '--allow-privileged=true',
        // no endpoints for the `kubernetes` Service: they would be this loopback address, which validation refuses
        '--endpoint-reconciler-type=none',
        '--profiling=false',
        '--v=1',
      ],
      apiserverLog,
    );
    children.push(apiserver);
    const server = `https://${HOST}:${securePort}`;
    await waitUntil('kube-apiserver', apiserver, apiserverLog, readyTimeoutMs, async () => {
      const answer = await get(`${server}/readyz`, dir);
      return answer.status === 200 ? true : `/readyz ${answer.status}: ${answer.body.split('\n').filter((line) => line.includes('failed')).join('; ')}`;
    });
    const version = JSON.parse((await get(`${server}/version`, dir)).body).gitVersion;
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, kubeconfigText(server, dir), { mode: 0o600 });
    return { kubeconfig, server, dir, version, startedInMs: Date.now() - started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  try {
    if (command === 'build') {
      const binaries = await ensureKubeBinaries();
      console.log(`etcd=${binaries.etcd}\nkube-apiserver=${binaries.apiserver}`);
    } else if (command === 'run') {
      const cluster = await startKubeApiserver();
      let stopping = false;
      const shutdown = async () => {
        if (stopping) return;
        stopping = true;
        await cluster.stop();
        process.exit(0);
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      console.error(`[kube-apiserver] ${cluster.version} at ${cluster.server}, ready in ${(cluster.startedInMs / 1000).toFixed(1)}s; Ctrl-C stops it and removes ${cluster.dir}`);
      console.log(`KUBECONFIG=${cluster.kubeconfig}`);
      // the event loop has nothing else to keep it alive
      setInterval(() => {}, 1 << 30);
    } else {
      console.error('usage: node scripts/lib/kube-apiserver.mjs build|run');
      process.exit(64);
    }
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
