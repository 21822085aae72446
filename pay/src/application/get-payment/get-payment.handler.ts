import { Injectable } from '@nestjs/common';
import { PaymentState } from '../../domain/payment';
import { PaymentNotFoundError } from '../../domain/payment.errors';
import { PaymentRepository } from '../ports/payment.repository';
import { GetPaymentQuery, PaymentViewer } from './get-payment.query';

/**
 * A payment as stored. Services and admins see every payment; a customer only their own; anyone
 * else gets the same "not found" as for a payment that does not exist, so existence is not revealed.
 */
@Injectable()
export class GetPaymentHandler {
  constructor(private readonly payments: PaymentRepository) {}

  async execute({ orderId, viewer }: GetPaymentQuery): Promise<PaymentState> {
    const payment = await this.payments.findByOrderId(orderId);
    const state = payment?.snapshot();
    if (!state || !mayView(viewer, state)) throw new PaymentNotFoundError(orderId);
    return state;
  }
}

function mayView(viewer: PaymentViewer, payment: PaymentState): boolean {
  if (viewer.role === 'service' || viewer.role === 'admin') return true;
  return viewer.role === 'customer' && payment.customerId !== undefined && payment.customerId === viewer.id;
}
