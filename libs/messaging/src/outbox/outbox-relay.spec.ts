import pino from 'pino';
import { DomainEvent, createEvent } from '@fooddelivery/contracts';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore } from './outbox-store';

/** An in-memory outbox, the fake of the OutboxStore port. */
class MemoryOutbox implements OutboxStore {
  pending: DomainEvent[] = [];
  async fetchPending(limit: number, minAgeMs: number) {
    const cutoff = Date.now() - minAgeMs;
    return this.pending.filter((e) => minAgeMs === 0 || Date.parse(e.occurredAt) <= cutoff).slice(0, limit);
  }
  async markPublished(events: readonly DomainEvent[]) {
    const ids = new Set(events.map((e) => e.eventId));
    this.pending = this.pending.filter((e) => !ids.has(e.eventId));
  }
  async countPending() {
    return this.pending.length;
  }
}

const accepted = (orderId: string, occurredAt = new Date()) =>
  createEvent('OrderAccepted', {
    orderId,
    producer: 'store',
    occurredAt,
    payload: { storeId: '1', customerId: 'alice' },
  });

function relayOver(store: OutboxStore, publish: (events: readonly DomainEvent[]) => Promise<void>, batchSize = 100) {
  return new OutboxRelay({
    name: 'test',
    store,
    sink: { publish },
    logger: pino({ level: 'silent' }),
    batchSize,
    sweepMinAgeMs: 2000,
  });
}

describe('OutboxRelay', () => {
  it('publishes everything pending in order, in batches, and marks it published', async () => {
    const store = new MemoryOutbox();
    store.pending = [accepted('a'), accepted('b'), accepted('c')];
    const published: string[][] = [];
    const relay = relayOver(store, async (events) => void published.push(events.map((e) => e.orderId)), 2);
    await relay.flush();
    expect(published).toEqual([['a', 'b'], ['c']]);
    expect(await relay.backlog()).toBe(0);
  });

  it('keeps events when publishing fails, and publishes them on the next run', async () => {
    const store = new MemoryOutbox();
    store.pending = [accepted('a')];
    let kafkaUp = false;
    const relay = relayOver(store, async () => {
      if (!kafkaUp) throw new Error('broker unreachable');
    });
    await expect(relay.flush()).resolves.toBeUndefined();
    expect(await relay.backlog()).toBe(1);
    kafkaUp = true;
    await relay.flush();
    expect(await relay.backlog()).toBe(0);
  });

  it('runs one drain at a time and drains again for flushes that arrived meanwhile', async () => {
    const store = new MemoryOutbox();
    store.pending = [accepted('a')];
    let concurrent = 0;
    let maxConcurrent = 0;
    const relay = relayOver(store, async () => {
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      await new Promise((resolve) => setTimeout(resolve, 20));
      concurrent--;
    });
    const first = relay.flush();
    store.pending.push(accepted('b'));
    await Promise.all([first, relay.flush(), relay.flush()]);
    await relay.stop();
    expect(maxConcurrent).toBe(1);
    expect(await relay.backlog()).toBe(0);
  });

  it('sweeps only events older than the grace period, leaving fresh ones to their writer', async () => {
    const store = new MemoryOutbox();
    store.pending = [accepted('old', new Date(Date.now() - 10_000)), accepted('fresh')];
    const published: string[] = [];
    const relay = relayOver(store, async (events) => void published.push(...events.map((e) => e.orderId)));
    await relay.sweep();
    expect(published).toEqual(['old']);
  });

  it('publishes committed events without reading the store, and sweeps rarely while nothing fails', async () => {
    const store = new MemoryOutbox();
    const reads = jest.spyOn(store, 'fetchPending');
    let kafkaUp = true;
    const published: string[] = [];
    const relay = new OutboxRelay({
      name: 'test',
      store,
      sink: {
        publish: async (events) => {
          if (!kafkaUp) throw new Error('broker unreachable');
          published.push(...events.map((e) => e.orderId));
        },
      },
      logger: pino({ level: 'silent' }),
      sweepMinAgeMs: 0,
      fullSweepEvery: 5,
    });
    const event = accepted('a');
    store.pending = [event];
    await relay.publishCommitted([event]);
    expect(published).toEqual(['a']);
    expect(store.pending).toEqual([]);
    expect(reads).not.toHaveBeenCalled();

    await relay.sweep(); // the first sweep after start reads the store and finds it drained
    expect(reads).toHaveBeenCalledTimes(1);
    for (let tick = 0; tick < 9; tick++) await relay.sweep();
    expect(reads).toHaveBeenCalledTimes(2); // one full sweep in every 5 ticks

    kafkaUp = false;
    const lost = accepted('b');
    store.pending = [lost];
    await relay.publishCommitted([lost]);
    expect(store.pending).toEqual([lost]);
    kafkaUp = true;
    await relay.sweep(); // after a failure, every tick sweeps
    expect(published).toEqual(['a', 'b']);
    expect(store.pending).toEqual([]);
  });
});
