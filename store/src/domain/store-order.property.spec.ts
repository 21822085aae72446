import fc from 'fast-check';
import { DomainEvent, EventType, parseEvent } from '@fooddelivery/contracts';
import { STORE_ORDER_STEPS, StoreOrder, StoreOrderStatus, StoreOrderStep, allowedSteps } from './store-order';
import { InvalidStoreOrder, InvalidStoreOrderTransition } from './store-order.errors';

/**
 * Properties of the StoreOrder state machine, against a model written from its documentation:
 * RECEIVED → ACCEPTED → COOKING → COOKED → DELIVERING → DELIVERED; RECEIVED → REJECTED; CANCELLED
 * from every status but REJECTED (from DELIVERING as a recall, from DELIVERED after a refund: money
 * decides); REJECTED and CANCELLED are final, DELIVERED allows only a cancellation; a tombstone accepts
 * nothing.
 */

const ORDER_ID = '6f1c2a8e-3b7d-4c5e-9f0a-1b2c3d4e5f60';
const T0 = Date.parse('2025-01-01T12:00:00.000Z');

const MODEL: Record<StoreOrderStep, { from: StoreOrderStatus; to: StoreOrderStatus; event: EventType }> = {
  accept: { from: 'RECEIVED', to: 'ACCEPTED', event: 'OrderAccepted' },
  reject: { from: 'RECEIVED', to: 'REJECTED', event: 'OrderRejected' },
  'start-cooking': { from: 'ACCEPTED', to: 'COOKING', event: 'CookingStarted' },
  'finish-cooking': { from: 'COOKING', to: 'COOKED', event: 'CookingFinished' },
  'start-delivery': { from: 'COOKED', to: 'DELIVERING', event: 'DeliveryStarted' },
  'complete-delivery': { from: 'DELIVERING', to: 'DELIVERED', event: 'DeliveryCompleted' },
};
const CANCELLABLE: StoreOrderStatus[] = ['RECEIVED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED'];
/** No change leaves these. */
const FINAL: StoreOrderStatus[] = ['REJECTED', 'CANCELLED'];
/** What a cancellation's reason starts with, by the status it finds. */
const PREFIX: Partial<Record<StoreOrderStatus, string>> = { DELIVERING: 'recalled: ', DELIVERED: 'after delivery: ' };
const OUTCOME: Partial<Record<StoreOrderStatus, unknown>> = {
  DELIVERING: { kind: 'recalled' },
  DELIVERED: { kind: 'cancelled_after_delivery' },
};

/** Texts a caller may send: blank, padded, ordinary, at and past the limits, non-ASCII. */
const text = fc.oneof(
  fc.constantFrom(
    '',
    '   ',
    '\t\n',
    'sold out',
    '  padded  ',
    'r'.repeat(100),
    'r'.repeat(101),
    'x'.repeat(500),
    'y'.repeat(501),
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  fc.integer({ min: 480, max: 700 }).map((length) => `${'말'.repeat(length)}`),
);

type Operation =
  | { kind: 'step'; step: StoreOrderStep; reason?: string; rider?: string }
  | { kind: 'cancel'; reason: string; causationId?: string };

type Planned = Operation | { kind: 'next'; rider?: string };

/** Any step, any cancellation, and — more often, so runs get far — the next step of the happy path. */
const operation: fc.Arbitrary<Planned> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      { kind: fc.constant('next' as const), rider: fc.constantFrom('Minsu', ' Jiwoo ') },
      { requiredKeys: ['kind'] },
    ),
  },
  fc.record(
    { kind: fc.constant('step' as const), step: fc.constantFrom(...STORE_ORDER_STEPS), reason: text, rider: text },
    { requiredKeys: ['kind', 'step'] },
  ),
  fc.record(
    { kind: fc.constant('cancel' as const), reason: text, causationId: fc.uuid() },
    { requiredKeys: ['kind', 'reason'] },
  ),
);

/** The planned operation for an order in `status`: `next` is its first allowed step (accept, not reject). */
function resolve(planned: Planned, status: StoreOrderStatus): Operation {
  if (planned.kind !== 'next') return planned;
  const step = allowedSteps(status)[0] ?? 'accept';
  return { kind: 'step', step, ...(planned.rider !== undefined ? { rider: planned.rider } : {}) };
}

const start = fc.oneof(
  fc.constant({ tombstone: false as const }),
  fc.record({ tombstone: fc.constant(true as const), reason: fc.constantFrom('changed my mind', 'refund') }),
);

function open(begin: { tombstone: boolean; reason?: string }): StoreOrder {
  const now = new Date(T0);
  if (begin.tombstone)
    return StoreOrder.tombstone({ orderId: ORDER_ID, reason: begin.reason!, storeId: '1', customerId: 'alice' }, now);
  return StoreOrder.receive(
    {
      orderId: ORDER_ID,
      storeId: '1',
      customerId: 'alice',
      paymentId: 'pay-1',
      items: [{ menuId: 'chicken', name: 'Chicken', quantity: 2, unitPrice: 18000 }],
      amount: 36000,
    },
    now,
  );
}

const blank = (value: string | undefined) => (value?.trim() ?? '').length === 0;
const clamp = (value: string) => (value.length <= 500 ? value : `${value.slice(0, 499)}…`);

type Expected =
  | { kind: 'moved'; to: StoreOrderStatus; event: EventType; reason?: string; rider?: string; outcome?: unknown }
  | { kind: 'refused'; error: typeof InvalidStoreOrderTransition | typeof InvalidStoreOrder }
  | { kind: 'unchanged'; outcome: unknown };

/** What the documentation says an operation does to an order in `status`. */
function expected(
  status: StoreOrderStatus,
  tombstone: boolean,
  operation: Operation,
  rider: string | undefined,
): Expected {
  if (operation.kind === 'cancel') {
    if (tombstone || !CANCELLABLE.includes(status))
      return { kind: 'unchanged', outcome: { kind: 'unchanged', status } };
    if (blank(operation.reason)) return { kind: 'refused', error: InvalidStoreOrder };
    const given = operation.reason.trim();
    return {
      kind: 'moved',
      to: 'CANCELLED',
      event: 'DeliveryCancelled',
      reason: clamp(`${PREFIX[status] ?? ''}${given}`),
      outcome: OUTCOME[status] ?? { kind: 'cancelled', from: status },
    };
  }
  const { from, to, event } = MODEL[operation.step];
  if (tombstone || status !== from) return { kind: 'refused', error: InvalidStoreOrderTransition };
  if (operation.step === 'reject') {
    if (blank(operation.reason)) return { kind: 'refused', error: InvalidStoreOrder };
    return { kind: 'moved', to, event, reason: clamp(operation.reason!.trim()) };
  }
  if (operation.step === 'start-delivery' && operation.rider !== undefined) {
    const given = operation.rider.trim();
    if (given.length === 0 || given.length > 100) return { kind: 'refused', error: InvalidStoreOrder };
    return { kind: 'moved', to, event, rider: given };
  }
  // the rider of the delivery is named again when it completes
  return {
    kind: 'moved',
    to,
    event,
    ...(operation.step === 'complete-delivery' && rider !== undefined ? { rider } : {}),
  };
}

function perform(order: StoreOrder, operation: Operation, now: Date): unknown {
  if (operation.kind === 'cancel') return order.cancel(operation.reason, now, operation.causationId);
  const details = {
    ...(operation.step === 'reject' && operation.reason !== undefined ? { reason: operation.reason } : {}),
    ...(operation.step === 'start-delivery' && operation.rider !== undefined ? { rider: operation.rider } : {}),
  };
  return order.perform(operation.step, details, now);
}

describe('StoreOrder state machine (properties)', () => {
  it('does exactly what the model allows for any sequence of steps and cancellations; a refused one changes nothing', () => {
    fc.assert(
      fc.property(start, fc.array(operation, { maxLength: 25 }), (begin, operations) => {
        const order = open(begin);
        operations.forEach((planned, index) => {
          const now = new Date(T0 + (index + 1) * 1000);
          const before = order.snapshot();
          const operation = resolve(planned, before.status);
          const eventsBefore = order.events.length;
          const expectation = expected(before.status, before.tombstone, operation, before.rider);

          // the steps offered are exactly those the model allows
          expect(order.allowedSteps).toEqual(
            before.tombstone ? [] : STORE_ORDER_STEPS.filter((step) => MODEL[step].from === before.status),
          );

          let result: unknown;
          let thrown: unknown;
          try {
            result = perform(order, operation, now);
          } catch (error) {
            thrown = error;
          }

          if (expectation.kind !== 'moved') {
            if (expectation.kind === 'refused') expect(thrown).toBeInstanceOf(expectation.error);
            else expect(result).toEqual(expectation.outcome);
            expect(order.snapshot()).toEqual(before);
            expect(order.events).toHaveLength(eventsBefore);
            return;
          }

          expect(thrown).toBeUndefined();
          if (expectation.outcome !== undefined) expect(result).toEqual(expectation.outcome);
          const after = order.snapshot();
          expect(after.status).toBe(expectation.to);
          expect(after.timeline).toEqual([...before.timeline, { status: expectation.to, at: now }]);
          expect(after.updatedAt).toEqual(now);
          expect(order.events).toHaveLength(eventsBefore + 1);

          // the event it records is one every consumer accepts, and says what happened
          const event = order.events[order.events.length - 1];
          expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
          expect(event).toMatchObject({
            eventType: expectation.event,
            orderId: ORDER_ID,
            producer: 'store',
            occurredAt: now.toISOString(),
          });
          expect(event.payload).toMatchObject({ storeId: '1', customerId: 'alice' });
          const payload = event.payload as { reason?: string; rider?: string };
          expect(payload.reason).toBe(expectation.reason);
          expect(payload.rider).toBe(expectation.rider);
          if (operation.kind === 'cancel') expect(event.causationId).toBe(operation.causationId);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves REJECTED or CANCELLED, leaves DELIVERED only for CANCELLED, and its timeline is always a path of the state machine', () => {
    const edges = new Set([
      ...Object.values(MODEL).map(({ from, to }) => `${from}→${to}`),
      ...CANCELLABLE.map((from) => `${from}→CANCELLED`),
    ]);
    fc.assert(
      fc.property(start, fc.array(operation, { maxLength: 25 }), (begin, operations) => {
        const order = open(begin);
        let reachedFinal: StoreOrderStatus | undefined = order.isTombstone ? order.status : undefined;
        operations.forEach((planned, index) => {
          const before = order.status;
          try {
            perform(order, resolve(planned, order.status), new Date(T0 + (index + 1) * 1000));
          } catch (error) {
            expect([InvalidStoreOrder, InvalidStoreOrderTransition].some((type) => error instanceof type)).toBe(true);
          }
          if (reachedFinal) expect(order.status).toBe(reachedFinal);
          else if (FINAL.includes(order.status)) reachedFinal = order.status;
          if (before === 'DELIVERED') expect(['DELIVERED', 'CANCELLED']).toContain(order.status);
        });
        const statuses = order.snapshot().timeline.map((entry) => entry.status);
        expect(statuses[0]).toBe(begin.tombstone ? 'CANCELLED' : 'RECEIVED');
        for (let index = 1; index < statuses.length; index++)
          expect(edges).toContain(`${statuses[index - 1]}→${statuses[index]}`);
        // one event per change, none for the arrival itself
        expect(order.events).toHaveLength(statuses.length - 1);
        expect(order.events.map((event: DomainEvent) => event.eventType)).toEqual(
          statuses
            .slice(1)
            .map((status) =>
              status === 'CANCELLED'
                ? 'DeliveryCancelled'
                : Object.values(MODEL).find((step) => step.to === status)!.event,
            ),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('allowedSteps lists, for every status, exactly the steps the state machine allows from it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StoreOrderStatus>(
          'RECEIVED',
          'ACCEPTED',
          'COOKING',
          'COOKED',
          'DELIVERING',
          'DELIVERED',
          'REJECTED',
          'CANCELLED',
        ),
        (status) => {
          expect(allowedSteps(status)).toEqual(STORE_ORDER_STEPS.filter((step) => MODEL[step].from === status));
        },
      ),
    );
  });

  it('receives an order only with every id, at least one line and a whole, non-negative amount', () => {
    const id = fc.oneof(fc.constantFrom('', ' ', '\t'), fc.string({ minLength: 1, maxLength: 10 }));
    const amount = fc.oneof(fc.maxSafeNat(), fc.constantFrom(-1, 0.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1));
    const line = { menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 18000 };
    fc.assert(
      fc.property(
        fc.record({ orderId: id, storeId: id, customerId: id, paymentId: id }),
        fc.nat({ max: 3 }),
        amount,
        (ids, lines, total) => {
          const valid =
            Object.values(ids).every((value) => !blank(value)) &&
            lines > 0 &&
            Number.isSafeInteger(total) &&
            total >= 0;
          const receive = () =>
            StoreOrder.receive(
              { ...ids, items: Array.from({ length: lines }, () => line), amount: total },
              new Date(T0),
            );
          if (!valid) {
            expect(receive).toThrow(InvalidStoreOrder);
            return;
          }
          const order = receive();
          expect(order.snapshot()).toMatchObject({ status: 'RECEIVED', amount: total, tombstone: false, version: 0 });
          expect(order.allowedSteps).toEqual(['accept', 'reject']);
          expect(order.events).toEqual([]);
        },
      ),
    );
  });
});
