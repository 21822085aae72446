import fc from 'fast-check';
import { parseEvent } from '@fooddelivery/contracts';
import { Order, OrderStatus, StoreProgress } from './order';
import { OrderNotCancellable } from './order.errors';

/**
 * Properties of the Order aggregate's transitions, against a model written from its documentation:
 * PAYMENT_PENDING → PLACED (paid) or PAYMENT_FAILED; the store's progress only forward; cancel by the
 * customer until delivery starts; rejected by the store before delivery; cancelled elsewhere (store
 * recall, refund by pay) at any point of the store's progress, DELIVERED included (money decides).
 * PAYMENT_FAILED, CANCELLED and REJECTED stay; DELIVERED is left only for CANCELLED.
 */

const ORDER_ID = 'b7c9c3a4-1b0e-4e0f-9a43-5d7b5f0b9d11';
const T0 = Date.parse('2025-01-01T12:00:00.000Z');
const PROGRESS: StoreProgress[] = ['ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED'];
const LIVE: OrderStatus[] = ['PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED'];
const BEFORE_DELIVERY: OrderStatus[] = ['PLACED', 'ACCEPTED', 'COOKING', 'COOKED'];
const FINAL: OrderStatus[] = ['PAYMENT_FAILED', 'CANCELLED', 'REJECTED'];

type Operation =
  | { kind: 'place'; paymentId: string }
  | { kind: 'failPayment'; uncertain: boolean }
  | { kind: 'markReconciled' }
  | { kind: 'cancel'; reason: string }
  | { kind: 'advance'; progress: StoreProgress }
  | { kind: 'markRejected' }
  | { kind: 'markCancelledElsewhere'; reason: string };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), paymentId: fc.constantFrom('pay-1', 'pay-2') }),
  fc.record({ kind: fc.constant('failPayment' as const), uncertain: fc.boolean() }),
  fc.constant({ kind: 'markReconciled' as const }),
  fc.record({ kind: fc.constant('cancel' as const), reason: fc.constantFrom('changed my mind', 'too slow') }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), progress: fc.constantFrom(...PROGRESS) }),
  },
  fc.constant({ kind: 'markRejected' as const }),
  fc.record({
    kind: fc.constant('markCancelledElsewhere' as const),
    reason: fc.constantFrom('store: recalled', 'payment refunded'),
  }),
);

function newOrder(): Order {
  return Order.create({
    orderId: ORDER_ID,
    customerId: 'alice',
    storeId: '1',
    lines: [{ menuId: 'chicken', name: 'Chicken', quantity: 2, unitPrice: 18000 }],
    now: new Date(T0),
  });
}

type Expected =
  | { kind: 'moved'; to: OrderStatus; event?: 'OrderPlaced' | 'OrderCancelled' }
  | { kind: 'refused'; thrown?: 'not-cancellable' | 'error' };

/** What the documentation says an operation does to an order in `status`. */
function expected(status: OrderStatus, operation: Operation): Expected {
  switch (operation.kind) {
    case 'place':
      return status === 'PAYMENT_PENDING'
        ? { kind: 'moved', to: 'PLACED', event: 'OrderPlaced' }
        : { kind: 'refused', thrown: 'error' };
    case 'failPayment':
      return status === 'PAYMENT_PENDING'
        ? { kind: 'moved', to: 'PAYMENT_FAILED' }
        : { kind: 'refused', thrown: 'error' };
    case 'markReconciled':
      return { kind: 'moved', to: status };
    case 'cancel':
      return BEFORE_DELIVERY.includes(status)
        ? { kind: 'moved', to: 'CANCELLED', event: 'OrderCancelled' }
        : { kind: 'refused', thrown: 'not-cancellable' };
    case 'advance':
      return LIVE.includes(status) && LIVE.indexOf(operation.progress) > LIVE.indexOf(status)
        ? { kind: 'moved', to: operation.progress }
        : { kind: 'refused' };
    case 'markRejected':
      return BEFORE_DELIVERY.includes(status) ? { kind: 'moved', to: 'REJECTED' } : { kind: 'refused' };
    case 'markCancelledElsewhere':
      return LIVE.includes(status) ? { kind: 'moved', to: 'CANCELLED' } : { kind: 'refused' };
  }
}

function perform(order: Order, operation: Operation, now: Date): boolean | void {
  switch (operation.kind) {
    case 'place':
      return order.place(operation.paymentId, now);
    case 'failPayment':
      return order.failPayment('pay unavailable', operation.uncertain, now);
    case 'markReconciled':
      return order.markReconciled(now);
    case 'cancel':
      return order.cancel(operation.reason, now);
    case 'advance':
      return order.advance(operation.progress, now);
    case 'markRejected':
      return order.markRejected(now);
    case 'markCancelledElsewhere':
      return order.markCancelledElsewhere(operation.reason, now);
  }
}

describe('Order transitions (properties)', () => {
  it('does exactly what the model allows for any sequence of operations; a refused one changes nothing and records nothing', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 20 }), (operations) => {
        const order = newOrder();
        operations.forEach((operation, index) => {
          const now = new Date(T0 + (index + 1) * 1000);
          const before = order.snapshot();
          const expectation = expected(before.status, operation);
          let result: boolean | void = undefined;
          let thrown: unknown;
          try {
            result = perform(order, operation, now);
          } catch (error) {
            thrown = error;
          }
          const events = order.pullEvents();

          if (expectation.kind === 'refused') {
            if (expectation.thrown === 'not-cancellable') expect(thrown).toBeInstanceOf(OrderNotCancellable);
            else if (expectation.thrown === 'error') expect(thrown).toBeInstanceOf(Error);
            else expect(result).toBe(false);
            expect(order.snapshot()).toEqual(before);
            expect(events).toEqual([]);
            return;
          }

          expect(thrown).toBeUndefined();
          if (typeof result === 'boolean') expect(result).toBe(true);
          expect(order.status).toBe(expectation.to);
          expect(events.map((event) => event.eventType)).toEqual(expectation.event ? [expectation.event] : []);
          for (const event of events) {
            expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
            expect(event).toMatchObject({ orderId: ORDER_ID, producer: 'app', occurredAt: now.toISOString() });
          }
          if (operation.kind === 'markReconciled') {
            // reconciliation never touches the status; it settles only a pending one
            const settled = before.reconciliation === 'PENDING' ? 'DONE' : before.reconciliation;
            expect(order.snapshot()).toEqual(
              before.reconciliation === 'PENDING' ? { ...before, reconciliation: settled, updatedAt: now } : before,
            );
          }
          if (operation.kind === 'failPayment')
            expect(order.snapshot().reconciliation).toBe(operation.uncertain ? 'PENDING' : 'NOT_NEEDED');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a final status, leaves DELIVERED only for CANCELLED, and the store’s progress only moves forward', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 20 }), (operations) => {
        const order = newOrder();
        let previous = order.status;
        operations.forEach((operation, index) => {
          try {
            perform(order, operation, new Date(T0 + (index + 1) * 1000));
          } catch {
            // refused; the first property checks what it throws
          }
          if (FINAL.includes(previous)) expect(order.status).toBe(previous);
          if (previous === 'DELIVERED') expect(['DELIVERED', 'CANCELLED']).toContain(order.status);
          if (LIVE.includes(previous) && LIVE.includes(order.status))
            expect(LIVE.indexOf(order.status)).toBeGreaterThanOrEqual(LIVE.indexOf(previous));
          previous = order.status;
        });
      }),
      { numRuns: 200 },
    );
  });

  it('ends at the furthest progress reported, in any arrival order and with any repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PROGRESS), { maxLength: 12 }), (reports) => {
        const order = newOrder();
        order.place('pay-1', new Date(T0));
        for (const progress of reports) order.advance(progress);
        const furthest = reports.reduce<OrderStatus>(
          (best, next) => (LIVE.indexOf(next) > LIVE.indexOf(best) ? next : best),
          'PLACED',
        );
        expect(order.status).toBe(furthest);
        expect(order.canBeCancelled()).toBe(BEFORE_DELIVERY.includes(furthest));
      }),
    );
  });

  it('ends CANCELLED once its payment is refunded, whatever progress arrives before or after, delivery included', () => {
    const report = fc.array(fc.constantFrom(...PROGRESS), { maxLength: 8 });
    fc.assert(
      fc.property(report, report, fc.boolean(), (before, after, byCustomer) => {
        const order = newOrder();
        order.place('pay-1', new Date(T0));
        for (const progress of before) order.advance(progress);
        // the customer cancels at app (only allowed before delivery), or the refund comes from elsewhere
        if (byCustomer && order.canBeCancelled()) order.cancel('changed my mind');
        else expect(order.markCancelledElsewhere('payment refunded')).toBe(true);
        for (const progress of after) expect(order.advance(progress)).toBe(false);
        expect(order.status).toBe('CANCELLED');
      }),
    );
  });
});
