import { User } from '../../domain/user';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user.repository';
import { SeedDemoUsersHandler } from './seed-demo-users.handler';

class InMemoryUsers extends UserRepository {
  readonly users = new Map<string, User>();

  async findByUsername(username: string): Promise<User | undefined> {
    return this.users.get(username);
  }

  async addIfAbsent(user: User): Promise<void> {
    if (!this.users.has(user.username)) this.users.set(user.username, user);
  }
}

class CountingHasher extends PasswordHasher {
  hashes = 0;

  async hash(password: string): Promise<string> {
    this.hashes += 1;
    return `hashed:${password}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    return hash === `hashed:${password}`;
  }

  async decoyHash(): Promise<string> {
    return 'decoy';
  }
}

describe('SeedDemoUsersHandler', () => {
  it('adds the demo users once, and leaves existing users alone', async () => {
    const users = new InMemoryUsers();
    await users.addIfAbsent(User.create({ username: 'alice', passwordHash: 'hashed:changed', role: 'customer' }));
    const hasher = new CountingHasher();
    const seed = new SeedDemoUsersHandler(users, hasher);

    await expect(seed.execute()).resolves.toEqual(['bob', 'owner1', 'owner2', 'admin']);
    await expect(seed.execute()).resolves.toEqual([]);

    expect(hasher.hashes).toBe(4);
    expect(users.users.get('alice')?.passwordHash).toBe('hashed:changed');
    expect([...users.users.values()].map((user) => user.identity())).toEqual([
      { sub: 'alice', role: 'customer' },
      { sub: 'bob', role: 'customer' },
      { sub: 'owner1', role: 'owner', storeId: '1' },
      { sub: 'owner2', role: 'owner', storeId: '2' },
      { sub: 'admin', role: 'admin' },
    ]);
    expect(users.users.get('owner2')?.passwordHash).toBe('hashed:password');
  });
});
