import { BcryptPasswordHasher } from './bcrypt-password-hasher';

describe('BcryptPasswordHasher', () => {
  const hasher = new BcryptPasswordHasher(4);

  it('hashes with the configured cost and verifies', async () => {
    const hash = await hasher.hash('password');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    await expect(hasher.verify('password', hash)).resolves.toBe(true);
    await expect(hasher.verify('Password', hash)).resolves.toBe(false);
  });

  it('keeps one decoy hash that no ordinary password matches', async () => {
    const decoy = await hasher.decoyHash();
    expect(await hasher.decoyHash()).toBe(decoy);
    expect(decoy).toMatch(/^\$2[aby]\$04\$/);
    await expect(hasher.verify('password', decoy)).resolves.toBe(false);
    await expect(hasher.verify('', decoy)).resolves.toBe(false);
  });
});
