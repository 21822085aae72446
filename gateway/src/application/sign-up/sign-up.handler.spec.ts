import { Test } from '@nestjs/testing';
import pino from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { SignUpRefusedError, UsernameTakenError } from '../../domain/gateway.errors';
import { SIGN_UP_PROBLEMS } from '../../domain/sign-up-policy';
import { User } from '../../domain/user';
import { AccessTokenIssuer } from '../ports/access-token-issuer';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user.repository';
import { FakeAccessTokenIssuer } from '../testing/fake-access-token-issuer';
import { FakePasswordHasher } from '../testing/fake-password-hasher';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { SignUpCommand } from './sign-up.command';
import { SignUpHandler } from './sign-up.handler';

const PASSWORD = 'correct horse battery';

describe('SignUpHandler', () => {
  let handler: SignUpHandler;
  let users: InMemoryUserRepository;
  let hasher: FakePasswordHasher;
  let logLines: string[];

  beforeEach(async () => {
    users = new InMemoryUserRepository();
    await users.addIfAbsent(User.create({ username: 'alice', passwordHash: 'hashed:password', role: 'customer' }));
    logLines = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
    const module = await Test.createTestingModule({
      providers: [
        SignUpHandler,
        { provide: UserRepository, useValue: users },
        { provide: PasswordHasher, useClass: FakePasswordHasher },
        { provide: AccessTokenIssuer, useClass: FakeAccessTokenIssuer },
        { provide: LOGGER, useValue: logger },
      ],
    }).compile();
    handler = module.get(SignUpHandler);
    hasher = module.get(PasswordHasher);
  });

  it('stores a customer with the hash of the password, and logs them in at once', async () => {
    await expect(handler.execute(new SignUpCommand('Carol.Smith', PASSWORD))).resolves.toEqual({
      identity: { sub: 'Carol.Smith', role: 'customer' },
      token: { value: 'token-for:{"sub":"Carol.Smith","role":"customer"}', expiresInSeconds: 3600 },
    });
    const stored = await users.findByUsername('Carol.Smith');
    expect(stored?.identity()).toEqual({ sub: 'Carol.Smith', role: 'customer' });
    expect(stored?.passwordHash).toBe(`hashed:${PASSWORD}`);
    expect(hasher.hashed).toEqual([PASSWORD]);
  });

  it('refuses a taken username, whatever its case, before hashing anything', async () => {
    for (const username of ['alice', 'Alice', 'ALICE']) {
      const refused = handler.execute(new SignUpCommand(username, PASSWORD));
      await expect(refused).rejects.toThrow(UsernameTakenError);
      await expect(refused).rejects.toThrow(`The username "${username}" is taken; choose another`);
    }
    expect(hasher.hashed).toEqual([]);
    expect((await users.findByUsername('alice'))?.passwordHash).toBe('hashed:password');
    expect(await users.findByUsername('Alice')).toBeUndefined();
  });

  it('refuses a username taken between its lookup and its storing (the store decides)', async () => {
    jest.spyOn(users, 'isTaken').mockResolvedValueOnce(false);
    const refused = await handler.execute(new SignUpCommand('ALICE', PASSWORD)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UsernameTakenError);
    expect((refused as UsernameTakenError).code).toBe('USER.USERNAME_TAKEN');
    expect(users.all().map((user) => user.username)).toEqual(['alice']);
  });

  it('lets exactly one of two concurrent sign-ups of one name through', async () => {
    const outcomes = await Promise.allSettled([
      handler.execute(new SignUpCommand('dave', PASSWORD)),
      handler.execute(new SignUpCommand('Dave', 'another good password')),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(UsernameTakenError);
    expect(users.all().filter((user) => user.username.toLowerCase() === 'dave')).toHaveLength(1);
  });

  it('refuses what the policy refuses, naming every rule broken, and stores nothing', async () => {
    const refused = await handler.execute(new SignUpCommand('_x', 'password123')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SignUpRefusedError);
    expect(refused).toMatchObject({
      code: 'SIGN_UP.REFUSED',
      problems: [SIGN_UP_PROBLEMS.usernameLength, SIGN_UP_PROBLEMS.usernameCharacters, SIGN_UP_PROBLEMS.passwordCommon],
      message: `${SIGN_UP_PROBLEMS.usernameLength}; ${SIGN_UP_PROBLEMS.usernameCharacters}; ${SIGN_UP_PROBLEMS.passwordCommon}`,
    });
    expect(hasher.hashed).toEqual([]);
    expect(users.all()).toHaveLength(1);
  });

  it('checks the rules before the store: a taken name with a bad password is a refused sign-up', async () => {
    await expect(handler.execute(new SignUpCommand('alice', 'alice'))).rejects.toThrow(SignUpRefusedError);
  });

  it('logs each outcome as structured lines, never with the password', async () => {
    await handler.execute(new SignUpCommand('erin', PASSWORD));
    await handler.execute(new SignUpCommand('ERIN', PASSWORD)).catch(() => undefined);
    await handler.execute(new SignUpCommand('frank', 'ffffffffff')).catch(() => undefined);
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toEqual([
      expect.objectContaining({ msg: 'customer signed up', username: 'erin', role: 'customer' }),
      expect.objectContaining({ msg: 'sign-up refused: username taken', username: 'ERIN', decidedBy: 'lookup' }),
      expect.objectContaining({ msg: 'sign-up refused', problems: [SIGN_UP_PROBLEMS.passwordRepeated] }),
    ]);
    expect(logLines.join('\n')).not.toContain(PASSWORD);
    expect(logLines.join('\n')).not.toContain('ffffffffff');
  });
});
