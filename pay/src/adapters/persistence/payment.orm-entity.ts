import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@fooddelivery/persistence';

/** One row per order's payment (see the migration for the table). */
@Entity({ name: 'payment' })
export class PaymentRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  paymentId!: string;

  /** Unique: inserting a payment claims its order, so two requests can never both charge it. */
  @Index('IDX_payment_orderId', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  orderId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  customerId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  storeId!: string | null;

  /** The order lines as JSON. */
  @Column({ type: 'text', nullable: true })
  items!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  amount!: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  /** Optimistic concurrency: every update is conditional on it and increments it. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date })
  updatedAt!: Date;

  @Column({ type: Date, nullable: true })
  approvedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  declinedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: Date, nullable: true })
  voidedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  refundedAt!: Date | null;
}
