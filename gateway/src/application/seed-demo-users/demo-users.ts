import type { UserRole } from '../../domain/user';

/** Every demo user's password (the README says so; never enabled in production unless asked for). */
export const DEMO_PASSWORD = 'password';

/** The demo users of the README: two customers, the owners of stores 1 and 2, an admin. */
export const DEMO_USERS: readonly { username: string; role: UserRole; storeId?: string }[] = [
  { username: 'alice', role: 'customer' },
  { username: 'bob', role: 'customer' },
  { username: 'owner1', role: 'owner', storeId: '1' },
  { username: 'owner2', role: 'owner', storeId: '2' },
  { username: 'admin', role: 'admin' },
];
