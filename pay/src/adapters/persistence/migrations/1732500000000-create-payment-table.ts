import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The payment table, portable between PostgreSQL and SQLite. */
export class CreatePaymentTable1732500000000 implements MigrationInterface {
  name = 'CreatePaymentTable1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const time = queryRunner.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'payment',
        columns: [
          { name: 'paymentId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'orderId', type: 'varchar', length: '100' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'customerId', type: 'varchar', length: '100', isNullable: true },
          { name: 'storeId', type: 'varchar', length: '100', isNullable: true },
          { name: 'items', type: 'text', isNullable: true },
          { name: 'amount', type: 'bigint', isNullable: true },
          { name: 'transactionId', type: 'varchar', length: '100', isNullable: true },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'attempts', type: 'integer' },
          { name: 'version', type: 'integer' },
          { name: 'createdAt', type: time },
          { name: 'updatedAt', type: time },
          { name: 'approvedAt', type: time, isNullable: true },
          { name: 'declinedAt', type: time, isNullable: true },
          { name: 'cancelledAt', type: time, isNullable: true },
          { name: 'voidedAt', type: time, isNullable: true },
          { name: 'refundedAt', type: time, isNullable: true },
        ],
        indices: [{ name: 'IDX_payment_orderId', columnNames: ['orderId'], isUnique: true }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('payment', true);
  }
}
