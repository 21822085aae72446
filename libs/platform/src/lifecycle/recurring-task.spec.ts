import pino from 'pino';
import { RecurringTask } from './recurring-task';

describe('RecurringTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs every interval, never two rounds at once, survives a failing round, and stop() waits for the round in flight', async () => {
    let rounds = 0;
    let release: () => void = () => undefined;
    const work = jest.fn(() => {
      rounds += 1;
      if (rounds === 1) return Promise.reject(new Error('boom'));
      return new Promise<void>((resolve) => (release = resolve));
    });
    const task = new RecurringTask({ name: 'test', intervalMs: 100, logger: pino({ level: 'silent' }), work });
    task.start();
    await jest.advanceTimersByTimeAsync(100); // round 1 fails
    await jest.advanceTimersByTimeAsync(100); // round 2 starts and hangs
    await jest.advanceTimersByTimeAsync(300); // no overlapping rounds meanwhile
    expect(work).toHaveBeenCalledTimes(2);

    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await jest.advanceTimersByTimeAsync(500);
    expect(work).toHaveBeenCalledTimes(2);
  });
});
