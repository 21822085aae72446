import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { PasswordHasher } from '../../application/ports/password-hasher';

/** bcrypt (the pure-JS bcryptjs) with a configurable cost (BCRYPT_COST, 10 by default). */
export class BcryptPasswordHasher extends PasswordHasher {
  private decoy: Promise<string> | undefined;

  constructor(private readonly cost: number) {
    super();
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  decoyHash(): Promise<string> {
    this.decoy ??= this.hash(randomBytes(32).toString('base64'));
    return this.decoy;
  }
}
