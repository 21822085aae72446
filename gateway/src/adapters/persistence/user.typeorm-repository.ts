import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '@fooddelivery/persistence';
import { AddUserResult, UserRepository } from '../../application/ports/user.repository';
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

  /** lower(username), as the unique index of UniqueUsernameIgnoringCase holds it: the lookup uses that index. */
  async isTaken(username: string): Promise<boolean> {
    return this.records
      .createQueryBuilder('record')
      .where('lower(record.username) = lower(:username)', { username })
      .getExists();
  }

  async add(user: User): Promise<AddUserResult> {
    try {
      await this.records.insert(toRecord(user));
      return 'added';
    } catch (error) {
      // the primary key (the same username) or the index on lower(username) (the same but for case)
      if (isUniqueViolation(error)) return 'taken';
      throw error;
    }
  }

  async addIfAbsent(user: User): Promise<void> {
    await this.records.createQueryBuilder().insert().into(UserRecord).values(toRecord(user)).orIgnore().execute();
  }
}

function toRecord(user: User): UserRecord {
  return { username: user.username, passwordHash: user.passwordHash, role: user.role, storeId: user.storeId ?? null };
}
