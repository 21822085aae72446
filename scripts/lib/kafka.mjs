// Kafka 3.9.1 as a single KRaft node (broker + controller in one JVM). The jars come from Maven
// Central through `mvn dependency:copy-dependencies`, so no tarball download is needed.
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, HOST, KAFKA_CONTROLLER_PORT, KAFKA_PORT } from './config.mjs';
import { createDaemon } from './daemon.mjs';
import { withTicker } from './log.mjs';
import { run, which } from './proc.mjs';
import { isKafkaReady } from './probes.mjs';

const KAFKA_VERSION = '3.9.1';
const DEPENDENCIES = [
  ['org.apache.kafka', 'kafka_2.13', KAFKA_VERSION],
  ['org.slf4j', 'slf4j-reload4j', '1.7.36'], // logging backend for the broker's log4j config
];

const KAFKA_DIR = path.join(CACHE_DIR, 'kafka');
const LIBS_DIR = path.join(KAFKA_DIR, 'libs');
const DATA_DIR = path.join(KAFKA_DIR, 'data');
const LOGS_DIR = path.join(KAFKA_DIR, 'logs');
const POM_FILE = path.join(KAFKA_DIR, 'pom.xml');
const SERVER_PROPERTIES = path.join(KAFKA_DIR, 'server.properties');
const LOG4J_PROPERTIES = path.join(KAFKA_DIR, 'log4j.properties');
const CLUSTER_ID_FILE = path.join(KAFKA_DIR, 'cluster-id');
/** Written after a successful copy; its content pins the dependency set it was made for. */
const PROVISIONED_MARKER = path.join(LIBS_DIR, '.provisioned');
const CLASSPATH = path.join(LIBS_DIR, '*'); // expanded by java itself, not by a shell

const markerContent = () => DEPENDENCIES.map((coordinates) => coordinates.join(':')).join('\n');

function isProvisioned() {
  try {
    return fs.readFileSync(PROVISIONED_MARKER, 'utf8') === markerContent();
  } catch {
    return false;
  }
}

async function provision() {
  for (const tool of ['java', 'mvn']) {
    if (!which(tool)) {
      throw new Error(
        `kafka: '${tool}' is not on PATH (Kafka needs Java 17+ and Maven to fetch it)`,
      );
    }
  }
  fs.mkdirSync(KAFKA_DIR, { recursive: true });
  fs.writeFileSync(POM_FILE, pomXml());
  fs.rmSync(LIBS_DIR, { recursive: true, force: true }); // no stale jars from another version
  const copyJars = ['dependency:copy-dependencies', '-DincludeScope=runtime'];
  await withTicker(
    `kafka: fetching Kafka ${KAFKA_VERSION} jars from Maven Central (~30 s cold)`,
    () => run('mvn', ['-B', '-f', POM_FILE, ...copyJars, `-DoutputDirectory=${LIBS_DIR}`]),
  );
  fs.writeFileSync(PROVISIONED_MARKER, markerContent());
}

function pomXml() {
  const dependencies = DEPENDENCIES.map(
    ([groupId, artifactId, version]) =>
      `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId>` +
      `<version>${version}</version></dependency>`,
  ).join('\n');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.fooddelivery</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${dependencies}
  </dependencies>
</project>
`;
}

function serverProperties() {
  const settings = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${KAFKA_CONTROLLER_PORT}`,
    listeners: `PLAINTEXT://${HOST}:${KAFKA_PORT},CONTROLLER://${HOST}:${KAFKA_CONTROLLER_PORT}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${KAFKA_PORT}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': DATA_DIR,
    'num.partitions': 3,
    'auto.create.topics.enable': false, // services declare their topics explicitly
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 3, // default 50: fewer makes the first consumer-group join fast
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'delete.topic.enable': true,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${value}\n`)
    .join('');
}

function log4jProperties() {
  return `log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${path.join(LOGS_DIR, 'server.log')}
log4j.appender.file.MaxFileSize=10MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=WARN
`;
}

function storageTool(args) {
  return run('java', [
    `-Dlog4j.configuration=file:${LOG4J_PROPERTIES}`,
    '-cp',
    CLASSPATH,
    'kafka.tools.StorageTool',
    ...args,
  ]);
}

/** The KRaft cluster id is generated once and kept, so the data dir stays valid across starts. */
async function clusterId() {
  if (!fs.existsSync(CLUSTER_ID_FILE)) {
    const id = (await storageTool(['random-uuid'])).trim();
    fs.writeFileSync(CLUSTER_ID_FILE, `${id}\n`);
  }
  return fs.readFileSync(CLUSTER_ID_FILE, 'utf8').trim();
}

async function prepare() {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  fs.mkdirSync(LOGS_DIR, { recursive: true });
  fs.writeFileSync(SERVER_PROPERTIES, serverProperties());
  fs.writeFileSync(LOG4J_PROPERTIES, log4jProperties());
  // Format the data dir on first start only: the check saves a ~1.5 s JVM run on every restart.
  if (!fs.existsSync(path.join(DATA_DIR, 'meta.properties'))) {
    await storageTool([
      'format',
      '-t',
      await clusterId(),
      '-c',
      SERVER_PROPERTIES,
      '--ignore-formatted',
    ]);
  }
}

export const kafka = createDaemon({
  name: 'kafka',
  engine: `Kafka ${KAFKA_VERSION} (KRaft)`,
  envVar: 'KAFKA_BROKERS',
  envValue: `${HOST}:${KAFKA_PORT}`,
  port: KAFKA_PORT,
  dataDir: DATA_DIR,
  logFile: path.join(LOGS_DIR, 'stdout.log'),
  diagnosticLogs: [path.join(LOGS_DIR, 'stdout.log'), path.join(LOGS_DIR, 'server.log')],
  processMarker: 'kafka.Kafka',
  readyTimeoutMs: 90_000,
  isProvisioned,
  provision,
  prepare,
  command: () => ({
    command: 'java',
    args: [
      '-Xmx512m',
      '-Xms256m',
      '-XX:+UseG1GC',
      `-Dlog4j.configuration=file:${LOG4J_PROPERTIES}`,
      '-cp',
      CLASSPATH,
      'kafka.Kafka',
      SERVER_PROPERTIES,
    ],
    cwd: KAFKA_DIR,
  }),
  isReady: () => isKafkaReady(KAFKA_PORT),
});
