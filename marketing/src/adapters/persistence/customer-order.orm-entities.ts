import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per order marketing heard of (placed, or voided before it was placed). */
@Entity({ name: 'customer_orders' })
export class CustomerOrderRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  orderId!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  customerId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  storeId!: string | null;

  @Column({ type: Date, nullable: true })
  placedAt!: Date | null;

  @Column({ type: 'boolean' })
  voided!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  voidReason!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: Date })
  updatedAt!: Date;
}

/**
 * One row per menu of a placed order: the customer × menu matrix recommendations read. `counted`
 * mirrors the order (placed and not voided), so the queries need no join.
 */
@Entity({ name: 'customer_order_lines' })
@Index('IDX_customer_order_lines_customer', ['customerId'])
@Index('IDX_customer_order_lines_menu', ['storeId', 'menuId'])
@Index('IDX_customer_order_lines_placed', ['placedAt'])
export class CustomerOrderLineRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  orderId!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  menuId!: string;

  @Column({ type: 'varchar', length: 100 })
  customerId!: string;

  @Column({ type: 'varchar', length: 100 })
  storeId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: Date })
  placedAt!: Date;

  @Column({ type: 'boolean' })
  counted!: boolean;
}
