import type { OrderLine } from '@fooddelivery/contracts';

export const PAYMENTS = Symbol('PaymentsPort');

export interface PaymentRequest {
  orderId: string;
  customerId: string;
  storeId: string;
  items: OrderLine[];
  amount: number;
  requestId?: string;
}

/**
 * The outcome of asking pay to charge an order. `unavailable` covers pay slow, down, overloaded or
 * the circuit open; `uncertain` says whether pay may have charged anyway (the request reached it
 * but no answer came back), in which case the order must be reconciled.
 */
export type PaymentOutcome =
  | { kind: 'approved'; paymentId: string }
  | { kind: 'declined'; reason: string }
  | { kind: 'unavailable'; reason: string; uncertain: boolean; retryAfterSeconds: number };

/** What settling an uncertain payment left behind at pay. */
export type SettlementOutcome = { kind: 'settled'; paymentStatus: string } | { kind: 'unavailable'; reason: string };

/** Whether pay can be asked right now, or is known to be unavailable (the circuit is open). */
export type PaymentAvailability = { available: true } | { available: false; reason: string; retryAfterSeconds: number };

export interface PaymentsPort {
  /** Known before calling: an open circuit answers at once, without a request to pay. */
  availability(): PaymentAvailability;
  requestPayment(request: PaymentRequest): Promise<PaymentOutcome>;
  /** Makes sure no charge remains for an order that was not placed: voids or refunds it at pay. */
  settleUnplacedOrder(orderId: string, reason: string): Promise<SettlementOutcome>;
}
