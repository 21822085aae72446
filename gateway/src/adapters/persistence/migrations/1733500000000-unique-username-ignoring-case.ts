import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames unique ignoring case: the primary key tells `Alice` from `alice`, this index does not,
 * so of two sign-ups of one name (in any case) at once only one is stored. The same statement on
 * PostgreSQL and SQLite (expression indexes; usernames are ASCII, so both lower() agree). Until now
 * only the lowercase demo users were created, so no existing rows can collide.
 */
export class UniqueUsernameIgnoringCase1733500000000 implements MigrationInterface {
  name = 'UniqueUsernameIgnoringCase1733500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE UNIQUE INDEX IF NOT EXISTS "UQ_users_username_lower" ON "users" (lower("username"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS "UQ_users_username_lower"');
  }
}
