// Readiness probes that speak just enough of each wire protocol to get a real answer from the
// server, using only Node built-ins (they run before `npm ci` on a fresh clone).
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOST } from './config.mjs';

/**
 * Polls `check` every `intervalMs` until it returns truthy. `failFast` is called between polls
 * and may return a reason to give up early (e.g. the process died). On timeout the last probe
 * error is part of the message.
 */
export async function waitFor(check, { timeoutMs, intervalMs = 500, failFast = () => null }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    const reason = failFast();
    if (reason) throw new Error(reason);
    if (Date.now() >= deadline) {
      const detail = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`not ready after ${timeoutMs / 1000}s${detail}`);
    }
    await sleep(intervalMs);
  }
}

/** True when something accepts TCP connections on HOST:port. */
export function isPortOpen(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const finish = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * Sends one request and resolves to the complete response frame. `frameLength(buffer)` returns
 * the total frame size once enough bytes have arrived to know it, else null.
 */
function requestResponse(port, request, frameLength, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    let received = Buffer.alloc(0);
    const fail = (error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error('timed out waiting for a response')));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const total = frameLength(received);
      if (total !== null && received.length >= total) {
        socket.destroy();
        resolve(received.subarray(0, total));
      }
    });
    socket.once('end', () => fail(new Error('connection closed before a full response')));
  });
}

// --- Kafka -----------------------------------------------------------------------------------

/**
 * Kafka Metadata v1 request for all topics: the same call kafkajs' admin.describeCluster() and
 * listTopics() make. Resolves to { brokers, controllerId, topics }. A broker that has not yet
 * joined its KRaft quorum answers with no brokers or controller -1.
 */
export async function kafkaMetadata(port) {
  const clientId = Buffer.from('fooddelivery-infra');
  const header = Buffer.alloc(10);
  header.writeInt16BE(3, 0); // api_key: Metadata
  header.writeInt16BE(1, 2); // api_version
  header.writeInt32BE(1, 4); // correlation_id
  header.writeInt16BE(clientId.length, 8);
  const allTopics = Buffer.alloc(4);
  allTopics.writeInt32BE(-1, 0); // null topic array = every topic
  const body = Buffer.concat([header, clientId, allTopics]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);

  const response = await requestResponse(port, Buffer.concat([size, body]), (buffer) =>
    buffer.length >= 4 ? 4 + buffer.readInt32BE(0) : null,
  );
  return parseMetadataV1(response);
}

function parseMetadataV1(frame) {
  let offset = 8; // size + correlation_id
  const readInt32 = () => {
    const value = frame.readInt32BE(offset);
    offset += 4;
    return value;
  };
  const skipString = () => {
    const length = frame.readInt16BE(offset);
    offset += 2 + Math.max(length, 0);
  };
  const brokers = readInt32();
  for (let i = 0; i < brokers; i++) {
    readInt32(); // node_id
    skipString(); // host
    readInt32(); // port
    skipString(); // rack
  }
  const controllerId = readInt32();
  const topics = readInt32();
  return { brokers, controllerId, topics };
}

export async function isKafkaReady(port) {
  const { brokers, controllerId } = await kafkaMetadata(port);
  return brokers > 0 && controllerId >= 0;
}

// --- MongoDB (FerretDB) ----------------------------------------------------------------------

const OP_MSG = 2013;

/** Sends `{ ping: 1, $db: 'admin' }` as an OP_MSG and resolves to true when the reply has ok: 1. */
export async function mongoPing(port) {
  const document = bsonDocument([
    [0x10, 'ping', int32LE(1)],
    [0x02, '$db', bsonString('admin')],
  ]);
  const header = Buffer.alloc(16);
  const flagBits = Buffer.alloc(4);
  const sectionKind = Buffer.from([0]); // kind 0: a single body document
  const message = Buffer.concat([header, flagBits, sectionKind, document]);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(1, 4); // requestID
  message.writeInt32LE(OP_MSG, 12);

  const reply = await requestResponse(port, message, (buffer) =>
    buffer.length >= 4 ? buffer.readInt32LE(0) : null,
  );
  if (reply.readInt32LE(12) !== OP_MSG) throw new Error('unexpected reply opcode');
  const ok = readTopLevelNumber(reply.subarray(21), 'ok'); // header 16 + flags 4 + kind 1
  if (ok !== 1) throw new Error(`ping answered ok: ${ok}`);
  return true;
}

function int32LE(value) {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value, 0);
  return buffer;
}

function bsonString(value) {
  const bytes = Buffer.from(`${value}\0`);
  return Buffer.concat([int32LE(bytes.length), bytes]);
}

function bsonDocument(elements) {
  const body = Buffer.concat(
    elements.flatMap(([type, name, value]) => [
      Buffer.from([type]),
      Buffer.from(`${name}\0`),
      value,
    ]),
  );
  return Buffer.concat([int32LE(body.length + 5), body, Buffer.from([0])]);
}

/** Walks the top-level elements of a BSON document and returns the numeric field `name`. */
function readTopLevelNumber(document, name) {
  const fixedSizes = { 0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x10: 4, 0x11: 8, 0x12: 8 };
  let offset = 4;
  while (offset < document.length && document[offset] !== 0) {
    const type = document[offset];
    const nameEnd = document.indexOf(0, offset + 1);
    const field = document.toString('utf8', offset + 1, nameEnd);
    offset = nameEnd + 1;
    if (field === name) {
      if (type === 0x01) return document.readDoubleLE(offset);
      if (type === 0x10) return document.readInt32LE(offset);
      if (type === 0x12) return Number(document.readBigInt64LE(offset));
      throw new Error(`field ${name} has BSON type ${type}`);
    }
    if (type in fixedSizes) offset += fixedSizes[type];
    else if (type === 0x02)
      offset += 4 + document.readInt32LE(offset); // string
    else if (type === 0x03 || type === 0x04)
      offset += document.readInt32LE(offset); // doc/array
    else if (type === 0x05)
      offset += 5 + document.readInt32LE(offset); // binary
    else throw new Error(`cannot skip BSON type ${type}`);
  }
  return undefined;
}
