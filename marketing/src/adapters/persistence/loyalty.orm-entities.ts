import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@fooddelivery/persistence';

/** One row per customer with a counted delivery: the count, changed with optimistic concurrency. */
@Entity({ name: 'customer_loyalty' })
export class CustomerLoyaltyRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  customerId!: string;

  @Column({ type: 'integer' })
  deliveredOrders!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: Date })
  updatedAt!: Date;
}

/** One row per delivered order marketing counted: an order is counted once (primary key), one per number. */
@Entity({ name: 'delivered_orders' })
@Index('UQ_delivered_orders_customer_sequence', ['customerId', 'sequence'], { unique: true })
export class DeliveredOrderRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  orderId!: string;

  @Column({ type: 'varchar', length: 100 })
  customerId!: string;

  @Column({ type: 'varchar', length: 100 })
  storeId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: Date })
  deliveredAt!: Date;

  /** The DeliveryCompleted that was counted. */
  @Column({ type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: Date })
  recordedAt!: Date;
}

/** One row per coupon; at most one of each kind per earning order. */
@Entity({ name: 'coupons' })
@Index('UQ_coupons_order_kind', ['orderId', 'kind'], { unique: true })
@Index('IDX_coupons_customer_issued', ['customerId', 'issuedAt'])
export class CouponRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  couponId!: string;

  @Index('UQ_coupons_code', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  customerId!: string;

  @Column({ type: 'varchar', length: 100 })
  orderId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  discount!: number;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: Date })
  issuedAt!: Date;

  @Column({ type: Date })
  expiresAt!: Date;
}
