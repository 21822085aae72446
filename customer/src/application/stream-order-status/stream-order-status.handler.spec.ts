import pino from 'pino';
import type { Caller } from '@fooddelivery/platform';
import { ORDER_ID, happyJourney, orderEvent } from '../../domain/order-events.fixture';
import { OrderStatusView, applyEvent, replay } from '../../domain/order-status-view';
import { OrderStatusNotFound, OrderStatusStreamEnded } from '../../domain/customer-center.errors';
import { InMemoryOrderStatusViews } from '../ports/in-memory-order-status.fake';
import { InMemoryNotifications } from '../ports/in-memory-notifications.fake';
import { RecordingChanges } from '../ports/recording-changes.fake';
import { QueryOrderStatusHandler } from '../query-order-status/query-order-status.handler';
import { StatusStreamItem, StreamOrderStatusHandler } from './stream-order-status.handler';

const logger = pino({ level: 'silent' });
const alice: Caller = { sub: 'alice', role: 'customer' };
const HOUR = 3_600_000;

function setup(settings = { pollIntervalMs: HOUR, heartbeatIntervalMs: HOUR }) {
  const views = new InMemoryOrderStatusViews();
  const changes = new RecordingChanges();
  const queries = new QueryOrderStatusHandler(views, new InMemoryNotifications());
  const streams = new StreamOrderStatusHandler(queries, views, changes, settings, logger);
  const store = (view: OrderStatusView) =>
    views.rows.set(view.orderId, { view, processed: new Set(view.timeline.map((e) => e.eventId)) });
  return { views, changes, streams, store };
}

/** Subscribes and collects what the stream sends, and whether it completed. */
function collect(stream: import('rxjs').Observable<StatusStreamItem>) {
  const items: StatusStreamItem[] = [];
  const state = { completed: false };
  const subscription = stream.subscribe({ next: (item) => items.push(item), complete: () => (state.completed = true) });
  const statuses = () => items.map((item) => (item.kind === 'view' ? item.view.status : 'heartbeat'));
  return { items, state, subscription, statuses };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamOrderStatusHandler', () => {
  afterEach(() => jest.useRealTimers());

  it('sends the current view, then each newer change from the feed, and completes at the end', async () => {
    const { changes, streams, store } = setup();
    const [approved, placed, ...rest] = happyJourney();
    let view = replay([approved, placed])!;
    store(view);

    const stream = collect(await streams.open(alice, ORDER_ID));
    expect(stream.statuses()).toEqual(['PLACED']);
    changes.publish(view); // the same revision again: nothing new
    for (const event of rest) {
      view = applyEvent(view, event);
      changes.publish(view);
    }
    expect(stream.statuses()).toEqual(['PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
    expect(stream.state.completed).toBe(true);
  });

  it('ignores other orders and older revisions', async () => {
    const { changes, streams, store } = setup();
    const placed = replay([orderEvent('OrderPlaced', 0)])!;
    const accepted = applyEvent(placed, orderEvent('OrderAccepted', 1));
    store(accepted);
    const stream = collect(await streams.open(alice, ORDER_ID));
    changes.publish(placed);
    changes.publish(replay([orderEvent('CookingStarted', 2, {}, '00000000-0000-4000-8000-000000000000')])!);
    expect(stream.statuses()).toEqual(['ACCEPTED']);
    stream.subscription.unsubscribe();
  });

  it('also re-reads the view, so it sees changes another replica applied, and sends heartbeats', async () => {
    jest.useFakeTimers();
    const { streams, store } = setup({ pollIntervalMs: 1000, heartbeatIntervalMs: 15_000 });
    let view = replay([orderEvent('OrderPlaced', 0)])!;
    store(view);
    const stream = collect(await streams.open(alice, ORDER_ID));

    view = applyEvent(view, orderEvent('OrderAccepted', 1));
    store(view); // written by another replica: no change feed here
    await jest.advanceTimersByTimeAsync(1000);
    expect(stream.statuses()).toEqual(['PLACED', 'ACCEPTED']);

    await jest.advanceTimersByTimeAsync(14_000);
    expect(stream.statuses()).toEqual(['PLACED', 'ACCEPTED', 'heartbeat']);

    store(applyEvent(view, orderEvent('OrderRejected', 2)));
    await jest.advanceTimersByTimeAsync(1000);
    expect(stream.statuses()).toEqual(['PLACED', 'ACCEPTED', 'heartbeat', 'REJECTED']);
    expect(stream.state.completed).toBe(true);
    expect(jest.getTimerCount()).toBe(0); // polling and heartbeats stopped with the stream
  });

  it('stops its timers when the client goes away', async () => {
    jest.useFakeTimers();
    const { streams, store } = setup({ pollIntervalMs: 1000, heartbeatIntervalMs: 15_000 });
    store(replay([orderEvent('OrderPlaced', 0)])!);
    const stream = collect(await streams.open(alice, ORDER_ID));
    expect(jest.getTimerCount()).toBe(2);
    stream.subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('catches a change applied between its first read and its subscription', async () => {
    const { streams, store } = setup();
    const placed = replay([orderEvent('OrderPlaced', 0)])!;
    store(placed);
    const opened = await streams.open(alice, ORDER_ID);
    store(applyEvent(placed, orderEvent('OrderAccepted', 1)));
    const stream = collect(opened);
    await flush();
    expect(stream.statuses()).toEqual(['PLACED', 'ACCEPTED']);
    stream.subscription.unsubscribe();
  });

  it('sends an ended order once and completes; a client that has its last revision gets StreamEnded', async () => {
    const { streams, store } = setup();
    const delivered = replay(happyJourney())!;
    store(delivered);
    const stream = collect(await streams.open(alice, ORDER_ID));
    expect(stream.statuses()).toEqual(['DELIVERED']);
    expect(stream.state.completed).toBe(true);
    await expect(streams.open(alice, ORDER_ID, delivered.revision)).rejects.toThrow(OrderStatusStreamEnded);
    expect(collect(await streams.open(alice, ORDER_ID, delivered.revision - 1)).statuses()).toEqual(['DELIVERED']);
  });

  it.each<[string, Caller, boolean]>([
    ['its customer', alice, true],
    ['another customer', { sub: 'bob', role: 'customer' }, false],
    ['the owner of its store', { sub: 'owner1', role: 'owner', storeId: '1' }, true],
    ['the owner of another store', { sub: 'owner2', role: 'owner', storeId: '2' }, false],
    ['an admin', { sub: 'root', role: 'admin' }, true],
    ['a service', { sub: 'app', role: 'service' }, false],
  ])('is open to %s: %s', async (_who, caller, allowed) => {
    const { streams, store } = setup();
    store(replay([orderEvent('OrderPlaced', 0)])!);
    const opening = streams.open(caller, ORDER_ID);
    if (allowed) collect(await opening).subscription.unsubscribe();
    else await expect(opening).rejects.toThrow(OrderStatusNotFound);
  });

  it('answers an unknown order like a forbidden one', async () => {
    const { streams } = setup();
    await expect(streams.open(alice, ORDER_ID)).rejects.toThrow(OrderStatusNotFound);
  });
});
