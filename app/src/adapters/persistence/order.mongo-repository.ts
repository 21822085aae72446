import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Order, OrderState, OrderStatus, Reconciliation } from '../../domain/order';
import type { OrderRepository } from '../../application/ports/order.repository';
import { ORDER_MODEL, OrderDocument } from './order.schema';
import { OrderOutbox } from '../kafka/order-outbox';

/**
 * Orders on MongoDB/FerretDB. State and pending events change in one single-document update
 * guarded by the version, which is atomic without multi-document transactions.
 */
@Injectable()
export class OrderMongoRepository implements OrderRepository {
  constructor(
    @InjectModel(ORDER_MODEL) private readonly model: Model<OrderDocument>,
    private readonly outbox: OrderOutbox,
  ) {}

  async insert(order: Order): Promise<'inserted' | 'duplicate'> {
    const state = order.snapshot();
    try {
      const pendingEvents = order.pullEvents();
      await this.model.create({
        ...toFields(state),
        _id: state.orderId,
        version: state.version,
        pendingEvents,
        outboxPending: pendingEvents.length > 0,
        processedEventIds: [],
      });
      return 'inserted';
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return 'duplicate';
      throw error;
    }
  }

  async findById(orderId: string): Promise<Order | undefined> {
    const document = await this.model.findById(orderId, { pendingEvents: 0, processedEventIds: 0 }).lean<OrderDocument>().exec();
    return document ? toOrder(document) : undefined;
  }

  async findByCustomer(customerId: string, limit: number): Promise<Order[]> {
    const documents = await this.model
      .find({ customerId }, { pendingEvents: 0, processedEventIds: 0 })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<OrderDocument[]>()
      .exec();
    return documents.map(toOrder);
  }

  async findRecent(limit: number): Promise<Order[]> {
    const documents = await this.model
      .find({}, { pendingEvents: 0, processedEventIds: 0 })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<OrderDocument[]>()
      .exec();
    return documents.map(toOrder);
  }

  async save(order: Order): Promise<boolean> {
    const state = order.snapshot();
    const events = order.pullEvents();
    const result = await this.model
      .updateOne(
        { _id: state.orderId, version: state.version },
        {
          $set: { ...toFields(state), version: state.version + 1, ...(events.length > 0 ? { outboxPending: true } : {}) },
          ...(events.length > 0 ? { $push: { pendingEvents: { $each: events } } } : {}),
        },
      )
      .exec();
    if (result.matchedCount === 0) return false;
    order.markSaved();
    this.outbox.committed(events);
    return true;
  }

  async saveApplying(order: Order, eventId: string): Promise<'applied' | 'duplicate' | 'conflict'> {
    const state = order.snapshot();
    const events = order.pullEvents();
    const result = await this.model
      .updateOne(
        { _id: state.orderId, version: state.version, processedEventIds: { $ne: eventId } },
        {
          $set: { ...toFields(state), version: state.version + 1, ...(events.length > 0 ? { outboxPending: true } : {}) },
          $push: { processedEventIds: eventId, ...(events.length > 0 ? { pendingEvents: { $each: events } } : {}) },
        },
      )
      .exec();
    if (result.matchedCount > 0) {
      order.markSaved();
      this.outbox.committed(events);
      return 'applied';
    }
    return (await this.hasApplied(state.orderId, eventId)) ? 'duplicate' : 'conflict';
  }

  async hasApplied(orderId: string, eventId: string): Promise<boolean> {
    return (await this.model.exists({ _id: orderId, processedEventIds: eventId }).exec()) !== null;
  }

  /**
   * Two equality-led queries instead of one `$or` (which FerretDB cannot serve from an index), each
   * on an indexed field whose matches are few (orders waiting for reconciliation or payment); the
   * oldest first, sorted here.
   */
  async findNeedingReconciliation(staleBefore: Date, limit: number): Promise<Order[]> {
    const projection = { pendingEvents: 0, processedEventIds: 0 };
    const [pending, stale] = await Promise.all([
      this.model.find({ reconciliation: 'PENDING' }, projection).limit(limit).lean<OrderDocument[]>().exec(),
      this.model.find({ status: 'PAYMENT_PENDING', createdAt: { $lt: staleBefore } }, projection).limit(limit).lean<OrderDocument[]>().exec(),
    ]);
    const unique = new Map([...pending, ...stale].map((document) => [document._id, document]));
    return [...unique.values()]
      .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
      .slice(0, limit)
      .map(toOrder);
  }
}

function toFields(state: Readonly<OrderState>) {
  return {
    customerId: state.customerId,
    storeId: state.storeId,
    lines: state.lines,
    totalAmount: state.totalAmount,
    status: state.status,
    ...(state.paymentId ? { paymentId: state.paymentId } : {}),
    ...(state.failureReason ? { failureReason: state.failureReason } : {}),
    reconciliation: state.reconciliation,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

function toOrder(document: OrderDocument): Order {
  return Order.restore({
    orderId: document._id,
    customerId: document.customerId,
    storeId: document.storeId,
    lines: document.lines.map(({ menuId, name, quantity, unitPrice }) => ({ menuId, name, quantity, unitPrice })),
    totalAmount: document.totalAmount,
    status: document.status as OrderStatus,
    ...(document.paymentId ? { paymentId: document.paymentId } : {}),
    ...(document.failureReason ? { failureReason: document.failureReason } : {}),
    reconciliation: document.reconciliation as Reconciliation,
    createdAt: new Date(document.createdAt),
    updatedAt: new Date(document.updatedAt),
    version: document.version,
  });
}
