import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Table `users` (see the CreateUsers migration). */
@Entity({ name: 'users' })
export class UserRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  username!: string;

  @Column({ type: 'varchar', length: 100 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  storeId!: string | null;
}
