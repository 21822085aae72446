import pino from 'pino';
import { ORDER_ID, T0, happyJourney, orderEvent } from '../../domain/order-events.fixture';
import type { Notification } from '../../domain/notification';
import { InMemoryOrderStatusViews } from '../ports/in-memory-order-status.fake';
import { InMemoryNotifications } from '../ports/in-memory-notifications.fake';
import { RecordingChanges } from '../ports/recording-changes.fake';
import type { Notifier } from '../ports/notifier.port';
import { ProjectOrderStatusHandler } from '../project-order-status/project-order-status.handler';
import { DispatchNotificationsHandler, DispatchSettings } from './dispatch-notifications.handler';

const logger = pino({ level: 'silent' });
const settings: DispatchSettings = {
  batchSize: 10,
  leaseMs: 30_000,
  retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 },
};
const ms = (offset: number) => new Date(T0 + offset);

/** A notifier that fails its first `failures` sends (forever with Infinity). */
class FlakyNotifier implements Notifier {
  readonly channel = 'fake';
  readonly sent: Notification[] = [];
  calls = 0;
  constructor(private failures: number) {}
  async send(notification: Notification) {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error(`channel down (call ${this.calls})`);
    }
    this.sent.push(notification);
  }
}

async function setup(notifier: Notifier) {
  const views = new InMemoryOrderStatusViews();
  const notifications = new InMemoryNotifications();
  const project = new ProjectOrderStatusHandler(views, notifications, new RecordingChanges(), logger);
  const dispatcher = new DispatchNotificationsHandler(notifications, notifier, settings, logger);
  return { views, notifications, project, dispatcher };
}

describe('DispatchNotificationsHandler', () => {
  it('retries a failing channel with backoff and ends SENT on the third attempt', async () => {
    const notifier = new FlakyNotifier(2);
    const { notifications, project, dispatcher } = await setup(notifier);
    const placed = orderEvent('OrderPlaced', 0);
    await project.execute(placed, ms(0));

    expect(await dispatcher.dispatchDue(ms(0))).toEqual({ attempted: 1, sent: 0, retrying: 1, failed: 0 });
    expect(await notifications.findById(placed.eventId)).toMatchObject({
      state: 'PENDING',
      attempts: 1,
      lastError: 'channel down (call 1)',
      nextAttemptAt: ms(1000),
    });

    expect(await dispatcher.dispatchDue(ms(999))).toEqual({ attempted: 0, sent: 0, retrying: 0, failed: 0 });
    expect(await dispatcher.dispatchDue(ms(1000))).toEqual({ attempted: 1, sent: 0, retrying: 1, failed: 0 });
    expect((await notifications.findById(placed.eventId))?.nextAttemptAt).toEqual(ms(3000));

    expect(await dispatcher.dispatchDue(ms(3000))).toEqual({ attempted: 1, sent: 1, retrying: 0, failed: 0 });
    expect(await notifications.findById(placed.eventId)).toMatchObject({
      state: 'SENT',
      attempts: 3,
      sentAt: ms(3000),
    });
    expect(notifier.sent.map((n) => n.message)).toEqual(['Your order #1a2b3c4d was placed (22,000 won)']);

    expect(await dispatcher.dispatchDue(ms(100_000))).toEqual({ attempted: 0, sent: 0, retrying: 0, failed: 0 });
    expect(notifier.calls).toBe(3);
  });

  it('gives up as FAILED after the last attempt, keeps the notification, and never holds up the view', async () => {
    const notifier = new FlakyNotifier(Infinity);
    const { views, notifications, project, dispatcher } = await setup(notifier);
    const journey = happyJourney();
    let clock = 0;
    // the order progresses while the channel is down; dispatch rounds run in between
    for (const event of journey) {
      await project.execute(event, ms(clock));
      await dispatcher.dispatchDue(ms(clock));
      clock += 1000;
    }
    expect(await views.findById(ORDER_ID)).toMatchObject({ status: 'DELIVERED', revision: 7 });

    for (let round = 0; round < 20; round++) {
      await dispatcher.dispatchDue(ms(clock));
      clock += 10_000;
    }
    const all = [...notifications.rows.values()];
    expect(all).toHaveLength(6);
    for (const notification of all) {
      expect(notification).toMatchObject({
        state: 'FAILED',
        attempts: 4,
        lastError: expect.stringMatching(/^channel down/),
      });
      expect(notification.nextAttemptAt).toBeUndefined();
    }
    expect(notifier.calls).toBe(6 * 4);
    expect(await views.findById(ORDER_ID)).toMatchObject({ status: 'DELIVERED', revision: 7 });
  });

  it('leaves a notification another dispatcher is sending alone', async () => {
    let release!: () => void;
    const slow: Notifier = { channel: 'slow', send: () => new Promise<void>((resolve) => (release = resolve)) };
    const { notifications, project, dispatcher } = await setup(slow);
    const other = new DispatchNotificationsHandler(notifications, new FlakyNotifier(0), settings, logger);
    await project.execute(orderEvent('OrderPlaced', 0), ms(0));

    const first = dispatcher.dispatchDue(ms(0));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await other.dispatchDue(ms(10))).toEqual({ attempted: 0, sent: 0, retrying: 0, failed: 0 });
    release();
    expect(await first).toEqual({ attempted: 1, sent: 1, retrying: 0, failed: 0 });
    expect([...notifications.rows.values()][0]).toMatchObject({ state: 'SENT', attempts: 1 });
  });
  it('reserves each notification from the moment it is claimed, so a long round does not hand out expired leases', async () => {
    const sendMs = 120;
    const notifier: Notifier = { channel: 'slow', send: () => new Promise<void>((resolve) => setTimeout(resolve, sendMs)) };
    const { notifications, project, dispatcher } = await setup(notifier);
    const leases: { claimedAt: number; until: number }[] = [];
    const claim = notifications.claim.bind(notifications);
    notifications.claim = (notification, claimedAt, until) => {
      leases.push({ claimedAt: claimedAt.getTime(), until: until.getTime() });
      return claim(notification, claimedAt, until);
    };
    await project.execute(orderEvent('OrderPlaced', 0), ms(0));
    await project.execute(orderEvent('OrderAccepted', 1), ms(1));

    expect(await dispatcher.dispatchDue(ms(10))).toMatchObject({ attempted: 2, sent: 2 });
    expect(leases).toHaveLength(2);
    // the second claim comes after the first send: its lease starts then, not at the round's start
    expect(leases[1].claimedAt - leases[0].claimedAt).toBeGreaterThanOrEqual(sendMs - 20);
    for (const lease of leases) expect(lease.until - lease.claimedAt).toBe(settings.leaseMs);
  });
});
