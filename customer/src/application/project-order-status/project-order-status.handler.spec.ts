import pino from 'pino';
import { ORDER_ID, at, happyJourney, orderEvent } from '../../domain/order-events.fixture';
import { applyEvent } from '../../domain/order-status-view';
import { InMemoryOrderStatusViews } from '../ports/in-memory-order-status.fake';
import { InMemoryNotifications } from '../ports/in-memory-notifications.fake';
import { RecordingChanges } from '../ports/recording-changes.fake';
import { OrderStatusViewContended, ProjectOrderStatusHandler } from './project-order-status.handler';

const logger = pino({ level: 'silent' });

function setup() {
  const views = new InMemoryOrderStatusViews();
  const notifications = new InMemoryNotifications();
  const changes = new RecordingChanges();
  const handler = new ProjectOrderStatusHandler(views, notifications, changes, logger);
  return { views, notifications, changes, handler };
}

describe('ProjectOrderStatusHandler', () => {
  it('builds the view event by event, records a notification per status and publishes each change', async () => {
    const { views, notifications, changes, handler } = setup();
    for (const event of happyJourney()) await handler.execute(event, at(50));

    const view = await views.findById(ORDER_ID);
    expect(view).toMatchObject({ status: 'DELIVERED', revision: 7, paymentState: 'APPROVED' });
    expect([...notifications.rows.values()].map((n) => [n.status, n.state, n.customerId])).toEqual([
      ['PLACED', 'PENDING', 'alice'],
      ['ACCEPTED', 'PENDING', 'alice'],
      ['COOKING', 'PENDING', 'alice'],
      ['COOKED', 'PENDING', 'alice'],
      ['DELIVERING', 'PENDING', 'alice'],
      ['DELIVERED', 'PENDING', 'alice'],
    ]);
    expect(changes.published.map((v) => v.revision)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('applies a redelivered event once: no second timeline entry, notification or change', async () => {
    const { views, notifications, changes, handler } = setup();
    const placed = orderEvent('OrderPlaced', 0);
    const first = await handler.execute(placed);
    const second = await handler.execute(placed);
    expect(first).toMatchObject({ outcome: 'applied', recorded: { status: 'PLACED' } });
    expect(second.outcome).toBe('duplicate');
    expect(second.recorded).toBeUndefined();
    expect((await views.findById(ORDER_ID))?.timeline).toHaveLength(1);
    expect(notifications.rows.size).toBe(1);
    expect(changes.published).toHaveLength(1);
  });

  it('finishes an event whose first run stopped between the notification and the view, without a second notification', async () => {
    const { views, notifications, handler } = setup();
    const accepted = orderEvent('OrderAccepted', 1);
    await handler.execute(orderEvent('OrderPlaced', 0));
    views.beforeSave = () => {
      throw new Error('connection lost');
    };
    await expect(handler.execute(accepted)).rejects.toThrow('connection lost');
    expect(notifications.rows.has(accepted.eventId)).toBe(true);
    expect((await views.findById(ORDER_ID))?.status).toBe('PLACED');

    const retried = await handler.execute(accepted);
    expect(retried.outcome).toBe('applied');
    expect(retried.recorded).toBeUndefined(); // recorded by the first run already
    expect((await views.findById(ORDER_ID))?.status).toBe('ACCEPTED');
    expect(notifications.rows.size).toBe(2);
  });

  it('re-reads and re-applies when the view changed between its read and its write', async () => {
    const { views, handler } = setup();
    await handler.execute(orderEvent('OrderPlaced', 0));
    views.beforeSave = () => {
      // another delivery (a rebalance) applied CookingStarted meanwhile
      const row = views.rows.get(ORDER_ID)!;
      row.view = applyEvent(row.view, orderEvent('CookingStarted', 2));
    };
    const result = await handler.execute(orderEvent('OrderAccepted', 1));
    expect(result.outcome).toBe('applied');
    const view = await views.findById(ORDER_ID);
    expect(view).toMatchObject({ status: 'COOKING', revision: 3 });
    expect(view?.timeline.map((entry) => entry.eventType)).toEqual(['OrderPlaced', 'OrderAccepted', 'CookingStarted']);
  });

  it('gives the event back to the consumer when the view keeps changing', async () => {
    const { views, handler } = setup();
    await handler.execute(orderEvent('OrderPlaced', 0));
    const interfere = () => {
      const row = views.rows.get(ORDER_ID)!;
      row.view = { ...row.view, revision: row.view.revision + 1 };
      views.beforeSave = interfere;
    };
    views.beforeSave = interfere;
    await expect(handler.execute(orderEvent('OrderAccepted', 1))).rejects.toThrow(OrderStatusViewContended);
  });
});
