import type { User } from '../../domain/user';

/** What adding a user came to: stored, or refused because its username (ignoring case) is someone's already. */
export type AddUserResult = 'added' | 'taken';

/** Where the gateway keeps its users. Usernames are unique ignoring case (see `usernameKey`). */
export abstract class UserRepository {
  /** The user of exactly this username (the case as stored). */
  abstract findByUsername(username: string): Promise<User | undefined>;

  /** Whether someone has this username, ignoring case (`Alice` is taken when `alice` exists). */
  abstract isTaken(username: string): Promise<boolean>;

  /**
   * Stores a new user, or answers 'taken' when the username, ignoring case, is someone's already —
   * also when a concurrent add of the same name won: the store's unique index decides.
   */
  abstract add(user: User): Promise<AddUserResult>;

  /** Stores the user unless one with that username exists (then nothing changes). Safe to race. */
  abstract addIfAbsent(user: User): Promise<void>;
}
