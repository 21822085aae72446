import { InvalidUserError } from './gateway.errors';
import { User, usernameKey } from './user';

describe('User', () => {
  it('vouches for an owner and their store', () => {
    const owner = User.create({ username: 'owner1', passwordHash: 'h', role: 'owner', storeId: '1' });
    expect(owner.identity()).toEqual({ sub: 'owner1', role: 'owner', storeId: '1' });
  });

  it('gives customers and admins no store', () => {
    expect(User.create({ username: 'alice', passwordHash: 'h', role: 'customer', storeId: null }).identity()).toEqual({
      sub: 'alice',
      role: 'customer',
    });
  });

  it.each([
    [{ username: 'owner3', passwordHash: 'h', role: 'owner' as const }, 'Owner owner3 needs the id of the store they run'],
    [{ username: 'bob', passwordHash: 'h', role: 'customer' as const, storeId: '1' }, 'Only owners run a store; bob is a customer'],
    [{ username: 'has space', passwordHash: 'h', role: 'admin' as const }, '"has space" is not a valid username'],
    [{ username: 'carol', passwordHash: '', role: 'admin' as const }, 'User carol has no password hash'],
    [{ username: 'dave', passwordHash: 'h', role: 'root' as never }, 'User dave has an unknown role "root"'],
  ])('refuses %j', (props, message) => {
    expect(() => User.create(props)).toThrow(InvalidUserError);
    expect(() => User.create(props)).toThrow(message);
  });

  it('carries a stable error code', () => {
    expect(() => User.create({ username: 'x', passwordHash: 'h', role: 'owner' })).toThrow(expect.objectContaining({ code: 'USER.INVALID' }));
  });

  it('tells usernames apart ignoring case', () => {
    expect(usernameKey('Alice')).toBe(usernameKey('alice'));
    expect(usernameKey('carol.Smith@Example.com')).toBe('carol.smith@example.com');
    expect(usernameKey('alice')).not.toBe(usernameKey('alice2'));
  });
});
