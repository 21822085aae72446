import { User } from '../../domain/user';
import { FakePasswordHasher } from '../testing/fake-password-hasher';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { SeedDemoUsersHandler } from './seed-demo-users.handler';

describe('SeedDemoUsersHandler', () => {
  it('adds the demo users once, and leaves existing users alone', async () => {
    const users = new InMemoryUserRepository();
    await users.addIfAbsent(User.create({ username: 'alice', passwordHash: 'hashed:changed', role: 'customer' }));
    const hasher = new FakePasswordHasher();
    const seed = new SeedDemoUsersHandler(users, hasher);

    await expect(seed.execute()).resolves.toEqual(['bob', 'owner1', 'owner2', 'admin']);
    await expect(seed.execute()).resolves.toEqual([]);

    expect(hasher.hashed).toHaveLength(4);
    expect((await users.findByUsername('alice'))?.passwordHash).toBe('hashed:changed');
    expect(users.all().map((user) => user.identity())).toEqual([
      { sub: 'alice', role: 'customer' },
      { sub: 'bob', role: 'customer' },
      { sub: 'owner1', role: 'owner', storeId: '1' },
      { sub: 'owner2', role: 'owner', storeId: '2' },
      { sub: 'admin', role: 'admin' },
    ]);
    expect((await users.findByUsername('owner2'))?.passwordHash).toBe('hashed:password');
  });
});
