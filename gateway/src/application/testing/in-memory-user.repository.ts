import { User, usernameKey } from '../../domain/user';
import { AddUserResult, UserRepository } from '../ports/user.repository';

/**
 * UserRepository in memory, for use-case tests: unique usernames ignoring case, with the same
 * answers as the TypeORM adapter (its primary key and its unique index on lower(username)).
 */
export class InMemoryUserRepository extends UserRepository {
  private readonly byKey = new Map<string, User>();

  /** Every user, in the order they were added. */
  all(): User[] {
    return [...this.byKey.values()];
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const user = this.byKey.get(usernameKey(username));
    return user?.username === username ? user : undefined;
  }

  async isTaken(username: string): Promise<boolean> {
    return this.byKey.has(usernameKey(username));
  }

  async add(user: User): Promise<AddUserResult> {
    const key = usernameKey(user.username);
    if (this.byKey.has(key)) return 'taken';
    this.byKey.set(key, user);
    return 'added';
  }

  async addIfAbsent(user: User): Promise<void> {
    await this.add(user);
  }
}
