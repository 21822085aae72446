export * from './topics';
export * from './envelope';
export * from './events/common';
export * from './events/catalog';
export * from './events/order.events.v1';
export * from './events/payment.events.v1';
export * from './events/store.events.v1';
export * from './events/marketing.events.v1';
