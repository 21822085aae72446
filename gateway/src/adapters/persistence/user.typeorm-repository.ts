import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserRepository } from '../../application/ports/user.repository';
import { User, UserRole } from '../../domain/user';
import { UserRecord } from './user.orm-entity';

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(@InjectRepository(UserRecord) private readonly records: Repository<UserRecord>) {
    super();
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const record = await this.records.findOneBy({ username });
    if (!record) return undefined;
    return User.create({ ...record, role: record.role as UserRole });
  }

  async addIfAbsent(user: User): Promise<void> {
    await this.records
      .createQueryBuilder()
      .insert()
      .into(UserRecord)
      .values({ username: user.username, passwordHash: user.passwordHash, role: user.role, storeId: user.storeId ?? null })
      .orIgnore()
      .execute();
  }
}
