import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The store_order table, portable between PostgreSQL and SQLite. */
export class CreateStoreOrderTable1732600000000 implements MigrationInterface {
  name = 'CreateStoreOrderTable1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const time = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'store_order',
        columns: [
          { name: 'orderId', type: 'varchar', length: '100', isPrimary: true },
          { name: 'storeId', type: 'varchar', length: '100', isNullable: true },
          { name: 'customerId', type: 'varchar', length: '100', isNullable: true },
          { name: 'paymentId', type: 'varchar', length: '100', isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'items', type: 'text' },
          { name: 'amount', type: 'bigint' },
          { name: 'timeline', type: 'text' },
          { name: 'rider', type: 'varchar', length: '100', isNullable: true },
          { name: 'rejectionReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'cancellationReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'tombstone', type: 'boolean', default: false },
          { name: 'version', type: 'integer' },
          { name: 'createdAt', type: time },
          { name: 'updatedAt', type: time },
        ],
        indices: [{ name: 'IDX_store_order_store_created', columnNames: ['storeId', 'createdAt'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('store_order', true);
  }
}
