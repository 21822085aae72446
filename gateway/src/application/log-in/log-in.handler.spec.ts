import { Test } from '@nestjs/testing';
import { InvalidCredentialsError } from '../../domain/gateway.errors';
import { User } from '../../domain/user';
import { AccessTokenIssuer } from '../ports/access-token-issuer';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user.repository';
import { FakeAccessTokenIssuer } from '../testing/fake-access-token-issuer';
import { FakePasswordHasher } from '../testing/fake-password-hasher';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { LogInCommand } from './log-in.command';
import { LogInHandler } from './log-in.handler';

describe('LogInHandler', () => {
  let handler: LogInHandler;
  let hasher: FakePasswordHasher;

  beforeEach(async () => {
    const users = new InMemoryUserRepository();
    await users.addIfAbsent(User.create({ username: 'alice', passwordHash: 'hashed:password', role: 'customer' }));
    await users.addIfAbsent(User.create({ username: 'owner1', passwordHash: 'hashed:secret', role: 'owner', storeId: '1' }));
    const module = await Test.createTestingModule({
      providers: [
        LogInHandler,
        { provide: UserRepository, useValue: users },
        { provide: PasswordHasher, useClass: FakePasswordHasher },
        { provide: AccessTokenIssuer, useClass: FakeAccessTokenIssuer },
      ],
    }).compile();
    handler = module.get(LogInHandler);
    hasher = module.get(PasswordHasher);
  });

  it('issues a token for the right password', async () => {
    await expect(handler.execute(new LogInCommand('alice', 'password'))).resolves.toEqual({
      value: 'token-for:{"sub":"alice","role":"customer"}',
      expiresInSeconds: 3600,
    });
  });

  it("puts an owner's store in the token", async () => {
    const token = await handler.execute(new LogInCommand('owner1', 'secret'));
    expect(token.value).toBe('token-for:{"sub":"owner1","role":"owner","storeId":"1"}');
  });

  it('refuses a wrong password', async () => {
    await expect(handler.execute(new LogInCommand('alice', 'Password'))).rejects.toThrow(InvalidCredentialsError);
  });

  it('refuses an unknown user with the same error, after checking the decoy hash', async () => {
    const unknown = handler.execute(new LogInCommand('mallory', 'password'));
    await expect(unknown).rejects.toThrow(InvalidCredentialsError);
    await expect(unknown).rejects.toThrow('Wrong username or password');
    expect(hasher.checked).toEqual(['decoy']);
  });

  it('answers wrong password and unknown user with the same code and message', async () => {
    const wrongPassword = await handler.execute(new LogInCommand('alice', 'nope')).catch((error: unknown) => error);
    const unknownUser = await handler.execute(new LogInCommand('nobody', 'nope')).catch((error: unknown) => error);
    expect(wrongPassword).toEqual(unknownUser);
    expect((wrongPassword as InvalidCredentialsError).code).toBe('AUTH.INVALID_CREDENTIALS');
  });
});
