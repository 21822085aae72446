import { InvalidUserError } from './gateway.errors';

export type UserRole = 'customer' | 'owner' | 'admin';
export const USER_ROLES: readonly UserRole[] = ['customer', 'owner', 'admin'];

const USERNAME = /^[A-Za-z0-9._@-]{1,100}$/;
const STORE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Usernames are unique ignoring case (`Alice` is taken when `alice` exists): this is what two users
 * must not share. They are ASCII, so this folding is the same as SQL's lower() on every database.
 */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

/** What the gateway vouches for in an access token: who (sub), in which role, and an owner's store. */
export interface UserIdentity {
  sub: string;
  role: UserRole;
  storeId?: string;
}

export interface UserProps {
  username: string;
  passwordHash: string;
  role: UserRole;
  storeId?: string | null;
}

/**
 * Someone who can log in at the gateway. An owner runs exactly one store (storeId); customers and
 * admins have none. Only the hash of the password is ever held.
 */
export class User {
  private constructor(
    readonly username: string,
    readonly passwordHash: string,
    readonly role: UserRole,
    readonly storeId: string | undefined,
  ) {}

  static create(props: UserProps): User {
    const { username, passwordHash, role } = props;
    const storeId = props.storeId ?? undefined;
    if (!USERNAME.test(username)) {
      throw new InvalidUserError(`"${username}" is not a valid username (letters, digits and . _ @ -, at most 100)`);
    }
    if (passwordHash.length === 0) throw new InvalidUserError(`User ${username} has no password hash`);
    if (!USER_ROLES.includes(role)) throw new InvalidUserError(`User ${username} has an unknown role "${String(role)}"`);
    if (role === 'owner' && (storeId === undefined || !STORE_ID.test(storeId))) {
      throw new InvalidUserError(`Owner ${username} needs the id of the store they run`);
    }
    if (role !== 'owner' && storeId !== undefined) {
      throw new InvalidUserError(`Only owners run a store; ${username} is a ${role}`);
    }
    return new User(username, passwordHash, role, storeId);
  }

  identity(): UserIdentity {
    return this.storeId === undefined
      ? { sub: this.username, role: this.role }
      : { sub: this.username, role: this.role, storeId: this.storeId };
  }
}
