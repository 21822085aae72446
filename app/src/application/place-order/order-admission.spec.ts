import { OrderingBusy } from '../../domain/order.errors';
import { OrderAdmission } from './order-admission';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('OrderAdmission', () => {
  it('runs at most `concurrency` placements at once, the rest in arrival order', async () => {
    const admission = new OrderAdmission({ concurrency: 2, maxWaiting: 10 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      admission.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(admission.inFlight).toBe(2);
    expect(admission.queued).toBe(2);
    gates[1].resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(admission.inFlight).toBe(0);
    expect(admission.queued).toBe(0);
  });

  it('refuses at once when the queue is full, and frees the slot when a placement fails', async () => {
    const admission = new OrderAdmission({ concurrency: 1, maxWaiting: 1 });
    const gate = deferred();
    const first = admission.run(() => gate.promise.then(() => Promise.reject(new Error('pay exploded'))));
    const second = admission.run(() => Promise.resolve('second'));
    await expect(admission.run(() => Promise.resolve('third'))).rejects.toBeInstanceOf(OrderingBusy);
    gate.resolve();
    await expect(first).rejects.toThrow('pay exploded');
    await expect(second).resolves.toBe('second');
    expect(admission.inFlight).toBe(0);
  });
});
