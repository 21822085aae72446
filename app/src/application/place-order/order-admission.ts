import { OrderingBusy } from '../../domain/order.errors';

export const ORDER_ADMISSION = Symbol('ORDER_ADMISSION');

export interface OrderAdmissionSettings {
  /** Orders being placed at once (recorded, paid, settled); the others wait their turn. */
  concurrency: number;
  /** Orders allowed to wait; one more is refused at once (503, Retry-After). */
  maxWaiting: number;
}

/**
 * Admission control for order placement: at most `concurrency` placements run at once, the others
 * wait in arrival order. Under a burst (siege -c100) the wait happens here, before the order is
 * recorded, and not inside the call to pay, whose timeout and circuit breaker then measure pay
 * itself rather than this service's queue; past `maxWaiting` the answer is a fast 503.
 */
export class OrderAdmission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly settings: OrderAdmissionSettings) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.settings.concurrency) {
      if (this.waiting.length >= this.settings.maxWaiting) throw new OrderingBusy(this.waiting.length);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next in line
      else this.running--;
    }
  }
}
