import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { SignUpRefusedError, UsernameTakenError } from '../../domain/gateway.errors';
import { SIGN_UP_POLICY } from '../../domain/sign-up-policy';
import { User, UserIdentity } from '../../domain/user';
import { AccessToken, AccessTokenIssuer } from '../ports/access-token-issuer';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user.repository';
import { SignUpCommand } from './sign-up.command';

export interface SignedUp {
  identity: UserIdentity;
  /** Issued at once, so the new customer is logged in. */
  token: AccessToken;
}

/**
 * Makes a new customer: the SignUpPolicy decides whether username and password may be used, the
 * user store whether the username (ignoring case) is free — first with a lookup, so a taken name
 * costs no bcrypt hash, then, for two sign-ups of one name at once, with its unique index.
 */
@Injectable()
export class SignUpHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: AccessTokenIssuer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: SignUpCommand): Promise<SignedUp> {
    const { username, password } = command;
    const problems = SIGN_UP_POLICY.problems(username, password);
    if (problems.length > 0) {
      // the username is not logged: it broke the rules, so it may be anything
      this.logger.info({ problems }, 'sign-up refused');
      throw new SignUpRefusedError(problems);
    }
    if (await this.users.isTaken(username)) throw this.taken(username, 'lookup');
    const user = User.create({ username, passwordHash: await this.passwords.hash(password), role: 'customer' });
    if ((await this.users.add(user)) === 'taken') throw this.taken(username, 'unique index');
    const identity = user.identity();
    const token = await this.tokens.issue(identity);
    this.logger.info({ username, role: identity.role }, 'customer signed up');
    return { identity, token };
  }

  private taken(username: string, decidedBy: 'lookup' | 'unique index'): UsernameTakenError {
    this.logger.info({ username, decidedBy }, 'sign-up refused: username taken');
    return new UsernameTakenError(username);
  }
}
