import { Injectable } from '@nestjs/common';
import { User } from '../../domain/user';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user.repository';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';

/**
 * Adds the demo users that are missing; users already there (demo or not) are left as they are,
 * so running it at every start, or from several replicas at once, changes nothing the second time.
 */
@Injectable()
export class SeedDemoUsersHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  /** Resolves to the usernames that were missing and have been added. */
  async execute(): Promise<string[]> {
    const added: string[] = [];
    for (const demo of DEMO_USERS) {
      if (await this.users.findByUsername(demo.username)) continue;
      const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
      await this.users.addIfAbsent(User.create({ ...demo, passwordHash }));
      added.push(demo.username);
    }
    return added;
  }
}
