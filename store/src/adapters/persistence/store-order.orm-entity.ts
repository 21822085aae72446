import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@fooddelivery/persistence';

/** One row per order the store received (or a tombstone); see the migration for the table. */
@Entity({ name: 'store_order' })
@Index('IDX_store_order_store_created', ['storeId', 'createdAt'])
export class StoreOrderRecord {
  /** The primary key: a second PaymentApproved for the same order can never insert a second row. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  orderId!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  storeId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  customerId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  paymentId!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** The order lines as JSON. */
  @Column({ type: 'text' })
  items!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount!: number;

  /** [{status, at}] as JSON, oldest first. */
  @Column({ type: 'text' })
  timeline!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  rider!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  rejectionReason!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancellationReason!: string | null;

  @Column({ type: 'boolean' })
  tombstone!: boolean;

  /** Optimistic concurrency: every update is conditional on it and increments it. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date })
  updatedAt!: Date;
}
