import type { User } from '../../domain/user';

/** Where the gateway keeps its users. */
export abstract class UserRepository {
  abstract findByUsername(username: string): Promise<User | undefined>;

  /** Stores the user unless one with that username exists (then nothing changes). Safe to race. */
  abstract addIfAbsent(user: User): Promise<void>;
}
