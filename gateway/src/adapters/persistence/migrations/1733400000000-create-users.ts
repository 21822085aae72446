import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The gateway's user store, portable between PostgreSQL and SQLite. */
export class CreateUsers1733400000000 implements MigrationInterface {
  name = 'CreateUsers1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamp' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'username', type: 'varchar', length: '100', isPrimary: true },
          { name: 'passwordHash', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'storeId', type: 'varchar', length: '100', isNullable: true },
          { name: 'createdAt', type: timestamp, default: 'CURRENT_TIMESTAMP' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users', true);
  }
}
