export const ORDER_EVENTS = Symbol('OrderEventsPort');

/** Asks the outbox relay to publish the events just saved with an order (it also sweeps on its own). */
export interface OrderEventsPort {
  flush(): void;
}
