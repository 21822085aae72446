import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Outbox and inbox tables, portable between PostgreSQL and SQLite. */
export class CreateMessagingTables1732300000000 implements MigrationInterface {
  name = 'CreateMessagingTables1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox',
        columns: [
          { name: 'position', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'eventId', type: 'varchar', length: '36' },
          { name: 'orderId', type: 'varchar', length: '100' },
          { name: 'eventType', type: 'varchar', length: '100' },
          { name: 'envelope', type: 'text' },
          { name: 'createdAt', type: queryRunner.connection.options.type === 'postgres' ? 'timestamp' : 'datetime', default: 'CURRENT_TIMESTAMP' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex('outbox', new TableIndex({ name: 'IDX_outbox_eventId', columnNames: ['eventId'], isUnique: true }));
    await queryRunner.createTable(
      new Table({
        name: 'inbox',
        columns: [
          { name: 'consumer', type: 'varchar', length: '100', isPrimary: true },
          { name: 'eventId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'processedAt', type: queryRunner.connection.options.type === 'postgres' ? 'timestamp' : 'datetime', default: 'CURRENT_TIMESTAMP' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbox', true);
    await queryRunner.dropTable('outbox', true);
  }
}
