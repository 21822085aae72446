import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, EventCatalog } from './events/catalog';
import { InvalidEventError, createEvent, parseEvent, parseEventMessage } from './envelope';

const line = { menuId: 'm1', name: 'Fried chicken', quantity: 2, unitPrice: 18000 };

describe('event envelope', () => {
  it('builds a valid OrderPlaced with id, version, time and producer', () => {
    const event = createEvent('OrderPlaced', {
      orderId: 'order-1',
      producer: 'app',
      payload: { customerId: 'alice', storeId: '1', items: [line], totalAmount: 36000 },
    });
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.eventVersion).toBe(1);
    expect(Date.parse(event.occurredAt)).not.toBeNaN();
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
  });

  it('refuses to build an event whose payload breaks its schema', () => {
    expect(() =>
      createEvent('PaymentApproved', {
        orderId: 'order-1',
        producer: 'pay',
        payload: { paymentId: 'p1', customerId: 'alice', storeId: '1', items: [], amount: -5 },
      }),
    ).toThrow(InvalidEventError);
  });

  it('names what is wrong with an invalid payload', () => {
    const result = parseEvent({
      eventId: randomUUID(),
      eventType: 'OrderPlaced',
      eventVersion: 1,
      occurredAt: new Date().toISOString(),
      orderId: 'o1',
      producer: 'app',
      payload: { customerId: 'alice', storeId: '1', items: [{ ...line, quantity: 0 }], totalAmount: 1 },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('items.0.quantity');
  });

  it('rejects unknown event types and unsupported versions', () => {
    const base = { eventId: randomUUID(), eventVersion: 1, occurredAt: new Date().toISOString(), orderId: 'o1', producer: 'x', payload: {} };
    expect(parseEvent({ ...base, eventType: 'OrderTeleported' })).toEqual({ ok: false, reason: 'unknown eventType "OrderTeleported"' });
    const v2 = parseEvent({ ...base, eventType: 'OrderAccepted', eventVersion: 2, payload: { storeId: '1', customerId: 'a' } });
    expect(v2).toEqual({ ok: false, reason: 'OrderAccepted v2 is not supported (expected v1)' });
  });

  it('rejects messages that are empty or not JSON', () => {
    expect(parseEventMessage(null)).toEqual({ ok: false, reason: 'empty message' });
    const notJson = parseEventMessage(Buffer.from('{oops'));
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.reason).toMatch(/^not JSON/);
  });

  it('has a schema, a version and a producer for every event of the design', () => {
    expect(EVENT_TYPES.sort()).toEqual(
      [
        'CookingFinished', 'CookingStarted', 'CouponIssued', 'DeliveryCancelled', 'DeliveryCompleted', 'DeliveryStarted',
        'OrderAccepted', 'OrderCancelled', 'OrderPlaced', 'OrderRejected', 'PaymentApproved', 'PaymentCancelled',
      ].sort(),
    );
    for (const type of EVENT_TYPES) {
      expect(EventCatalog[type].version).toBeGreaterThanOrEqual(1);
      expect(['app', 'pay', 'store', 'marketing']).toContain(EventCatalog[type].producer);
    }
  });
});
