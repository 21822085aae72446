import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** marketing's tables, portable between PostgreSQL and SQLite. */
export class CreateMarketingTables1732700000000 implements MigrationInterface {
  name = 'CreateMarketingTables1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const time = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'customer_loyalty',
        columns: [
          { name: 'customerId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'deliveredOrders', type: 'integer' },
          { name: 'version', type: 'integer' },
          { name: 'updatedAt', type: time },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'delivered_orders',
        columns: [
          { name: 'orderId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'customerId', type: 'varchar', length: '100' },
          { name: 'storeId', type: 'varchar', length: '100' },
          { name: 'sequence', type: 'integer' },
          { name: 'deliveredAt', type: time },
          { name: 'eventId', type: 'varchar', length: '36' },
          { name: 'recordedAt', type: time },
        ],
        indices: [
          { name: 'UQ_delivered_orders_customer_sequence', columnNames: ['customerId', 'sequence'], isUnique: true },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'coupons',
        columns: [
          { name: 'couponId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'code', type: 'varchar', length: '40' },
          { name: 'customerId', type: 'varchar', length: '100' },
          { name: 'orderId', type: 'varchar', length: '100' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'discount', type: 'bigint' },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'sequence', type: 'integer' },
          { name: 'issuedAt', type: time },
          { name: 'expiresAt', type: time },
        ],
        indices: [
          { name: 'UQ_coupons_order_kind', columnNames: ['orderId', 'kind'], isUnique: true },
          { name: 'UQ_coupons_code', columnNames: ['code'], isUnique: true },
          { name: 'IDX_coupons_customer_issued', columnNames: ['customerId', 'issuedAt'] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'customer_orders',
        columns: [
          { name: 'orderId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'customerId', type: 'varchar', length: '100', isNullable: true },
          { name: 'storeId', type: 'varchar', length: '100', isNullable: true },
          { name: 'placedAt', type: time, isNullable: true },
          { name: 'voided', type: 'boolean', default: false },
          { name: 'voidReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'version', type: 'integer' },
          { name: 'updatedAt', type: time },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'customer_order_lines',
        columns: [
          { name: 'orderId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'menuId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'customerId', type: 'varchar', length: '100' },
          { name: 'storeId', type: 'varchar', length: '100' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'quantity', type: 'integer' },
          { name: 'placedAt', type: time },
          { name: 'counted', type: 'boolean' },
        ],
        indices: [
          { name: 'IDX_customer_order_lines_customer', columnNames: ['customerId'] },
          { name: 'IDX_customer_order_lines_menu', columnNames: ['storeId', 'menuId'] },
          { name: 'IDX_customer_order_lines_placed', columnNames: ['placedAt'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'customer_order_lines',
      'customer_orders',
      'coupons',
      'delivered_orders',
      'customer_loyalty',
    ]) {
      await queryRunner.dropTable(table, true);
    }
  }
}
