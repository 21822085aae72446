import { Injectable } from '@nestjs/common';
import { InvalidCredentialsError } from '../../domain/gateway.errors';
import { AccessToken, AccessTokenIssuer } from '../ports/access-token-issuer';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user.repository';
import { LogInCommand } from './log-in.command';

/**
 * Exchanges a username and password for an access token. An unknown user and a wrong password fail
 * alike, with the same error and the same work (a decoy hash is checked for unknown users).
 */
@Injectable()
export class LogInHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: AccessTokenIssuer,
  ) {}

  async execute(command: LogInCommand): Promise<AccessToken> {
    const user = await this.users.findByUsername(command.username);
    const hash = user?.passwordHash ?? (await this.passwords.decoyHash());
    const matches = await this.passwords.verify(command.password, hash);
    if (!user || !matches) throw new InvalidCredentialsError();
    return this.tokens.issue(user.identity());
  }
}
