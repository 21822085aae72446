import { PasswordHasher } from '../ports/password-hasher';

/** A reversible stand-in for bcrypt (`hashed:<password>`) that records what it was asked. */
export class FakePasswordHasher extends PasswordHasher {
  /** The passwords hashed, in order. */
  readonly hashed: string[] = [];
  /** The hashes checked, in order. */
  readonly checked: string[] = [];

  async hash(password: string): Promise<string> {
    this.hashed.push(password);
    return `hashed:${password}`;
  }

  async verify(password: string, hash: string): Promise<boolean> {
    this.checked.push(hash);
    return hash === `hashed:${password}`;
  }

  async decoyHash(): Promise<string> {
    return 'decoy';
  }
}
