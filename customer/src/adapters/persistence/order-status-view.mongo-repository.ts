import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventType } from '@fooddelivery/contracts';
import { applyOnceToDocument } from '@fooddelivery/messaging';
import type { Milestone, OrderStatus, OrderStatusView, PaymentState } from '../../domain/order-status-view';
import type { OrderStatusRepository, SaveOutcome } from '../../application/ports/order-status.repository';
import { ORDER_STATUS_VIEW_MODEL, OrderStatusViewDocument } from './order-status-view.schema';

const WITHOUT_INBOX = { processedEventIds: 0 } as const;
const OPTIONAL_FIELDS = [
  'customerId',
  'storeId',
  'totalAmount',
  'status',
  'statusAt',
  'statusReason',
  'rider',
  'paymentState',
  'paymentId',
  'refundedAmount',
] as const;

/**
 * Views on MongoDB/FerretDB. A change is one single-document write guarded by the revision that was
 * read and by the inbox (`processedEventIds` must not hold the eventId yet; the write adds it), which
 * is atomic without multi-document transactions.
 */
@Injectable()
export class OrderStatusViewMongoRepository implements OrderStatusRepository {
  constructor(@InjectModel(ORDER_STATUS_VIEW_MODEL) private readonly model: Model<OrderStatusViewDocument>) {}

  async findById(orderId: string): Promise<OrderStatusView | undefined> {
    const document = await this.model.findById(orderId, WITHOUT_INBOX).lean<OrderStatusViewDocument>().exec();
    return document ? toView(document) : undefined;
  }

  findByCustomer(customerId: string, limit: number): Promise<OrderStatusView[]> {
    return this.list({ customerId }, limit);
  }

  findByStore(storeId: string, limit: number): Promise<OrderStatusView[]> {
    return this.list({ storeId }, limit);
  }

  findRecent(limit: number): Promise<OrderStatusView[]> {
    return this.list({}, limit);
  }

  async saveApplying(
    view: OrderStatusView,
    expectedRevision: number | undefined,
    eventId: string,
  ): Promise<SaveOutcome> {
    const { set, unset } = toUpdate(view);
    if (expectedRevision === undefined) {
      try {
        await this.model.create({ _id: view.orderId, ...set, processedEventIds: [eventId] });
        return 'applied';
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        // created meanwhile by another delivery: was it this event?
        return (await this.model.exists({ _id: view.orderId, processedEventIds: eventId }).exec())
          ? 'duplicate'
          : 'conflict';
      }
    }
    const outcome = await applyOnceToDocument(
      this.model,
      { _id: view.orderId, revision: expectedRevision },
      eventId,
      Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set },
    );
    if (outcome !== 'not_found') return outcome;
    return (await this.model.exists({ _id: view.orderId, processedEventIds: eventId }).exec())
      ? 'duplicate'
      : 'conflict';
  }

  private async list(filter: Record<string, string>, limit: number): Promise<OrderStatusView[]> {
    const documents = await this.model
      .find(filter, WITHOUT_INBOX)
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<OrderStatusViewDocument[]>()
      .exec();
    return documents.map(toView);
  }
}

function toUpdate(view: OrderStatusView): { set: Record<string, unknown>; unset: Record<string, ''> } {
  const set: Record<string, unknown> = {
    items: view.items,
    timeline: view.timeline.map((entry) => ({ ...entry, at: new Date(entry.at) })),
    coupons: view.coupons,
    createdAt: new Date(view.createdAt),
    updatedAt: new Date(view.updatedAt),
    revision: view.revision,
  };
  const unset: Record<string, ''> = {};
  for (const field of OPTIONAL_FIELDS) {
    const value = view[field];
    if (value === undefined) unset[field] = '';
    else set[field] = field === 'statusAt' ? new Date(value) : value;
  }
  return { set, unset };
}

function toView(document: OrderStatusViewDocument): OrderStatusView {
  const view: OrderStatusView = {
    orderId: document._id,
    items: document.items.map(({ menuId, name, quantity, unitPrice }) => ({ menuId, name, quantity, unitPrice })),
    timeline: document.timeline.map(({ status, at, eventType, eventId }) => ({
      status: status as Milestone,
      at: new Date(at).toISOString(),
      eventType: eventType as EventType,
      eventId,
    })),
    coupons: document.coupons.map(({ couponId, discount, reason }) => ({ couponId, discount, reason })),
    createdAt: new Date(document.createdAt).toISOString(),
    updatedAt: new Date(document.updatedAt).toISOString(),
    revision: document.revision,
  };
  if (document.customerId != null) view.customerId = document.customerId;
  if (document.storeId != null) view.storeId = document.storeId;
  if (document.totalAmount != null) view.totalAmount = document.totalAmount;
  if (document.status != null) view.status = document.status as OrderStatus;
  if (document.statusAt != null) view.statusAt = new Date(document.statusAt).toISOString();
  if (document.statusReason != null) view.statusReason = document.statusReason;
  if (document.rider != null) view.rider = document.rider;
  if (document.paymentState != null) view.paymentState = document.paymentState as PaymentState;
  if (document.paymentId != null) view.paymentId = document.paymentId;
  if (document.refundedAmount != null) view.refundedAmount = document.refundedAmount;
  return view;
}
