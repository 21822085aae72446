import fc from 'fast-check';
import {
  COMMON_PASSWORDS,
  PASSWORD_LENGTH,
  SIGN_UP_POLICY,
  SIGN_UP_PROBLEMS,
  USERNAME_LENGTH,
  USERNAME_PATTERN,
} from './sign-up-policy';
import { User, usernameKey } from './user';

/**
 * Properties of the sign-up rules, against a model written from their documentation: a username is
 * 3–32 of letters, digits and `. _ - @`, starting with a letter or digit; a password is 10–128
 * characters, not one character repeated, not the username (ignoring case), not a common password
 * (ignoring case).
 */

const USERNAME_FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const USERNAME_REST = [...USERNAME_FIRST, '.', '_', '-', '@'];

const validUsername = fc
  .tuple(
    fc.constantFrom(...USERNAME_FIRST),
    fc.array(fc.constantFrom(...USERNAME_REST), {
      minLength: USERNAME_LENGTH.min - 1,
      maxLength: USERNAME_LENGTH.max - 1,
    }),
  )
  .map(([first, rest]) => first + rest.join(''));

/** Anything a client may send as a text: ASCII, any code point, lone surrogates, around the limits. */
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 140 }),
  fc.string({ unit: 'grapheme', maxLength: 140 }),
  fc.string({ unit: fc.constantFrom(...USERNAME_REST, ' ', '!', 'é'), maxLength: 40 }),
);

const length = (text: string) => Array.from(text).length;
const KNOWN_PROBLEMS = Object.values(SIGN_UP_PROBLEMS) as string[];

/** A password of allowed length that no other rule refuses: ends with a character unlike its first. */
const validPassword = fc
  .string({ unit: 'binary', minLength: PASSWORD_LENGTH.min - 1, maxLength: PASSWORD_LENGTH.max - 1 })
  .map((text) => text + (Array.from(text)[0] === 'Z' ? 'Y' : 'Z'))
  .filter((password) => !COMMON_PASSWORDS.includes(password.toLowerCase()));

describe('SignUpPolicy (properties)', () => {
  it('never throws, and names only known problems, each at most once', () => {
    fc.assert(
      fc.property(anyText, anyText, (username, password) => {
        const problems = SIGN_UP_POLICY.problems(username, password);
        expect(problems.every((problem) => KNOWN_PROBLEMS.includes(problem))).toBe(true);
        expect(new Set(problems).size).toBe(problems.length);
      }),
    );
  });

  it('refuses a username exactly when the model does, and accepts only what a User can hold', () => {
    fc.assert(
      fc.property(fc.oneof(validUsername, anyText), (username) => {
        const modelAccepts =
          length(username) >= USERNAME_LENGTH.min &&
          length(username) <= USERNAME_LENGTH.max &&
          /^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(username);
        const problems = SIGN_UP_POLICY.problems(username, 'a fine password 1');
        expect(problems.length === 0).toBe(modelAccepts);
        if (modelAccepts) {
          expect(() => User.create({ username, passwordHash: 'h', role: 'customer' })).not.toThrow();
          // ASCII only: folding case never changes the length, so the key is a username too
          expect(usernameKey(username)).toHaveLength(username.length);
          expect(USERNAME_PATTERN.test(usernameKey(username))).toBe(true);
        }
      }),
    );
  });

  it('accepts every password of 10–128 characters with two different ones, not common, not the username', () => {
    fc.assert(
      fc.property(validUsername, validPassword, (username, password) => {
        fc.pre(password.toLowerCase() !== username.toLowerCase());
        expect(SIGN_UP_POLICY.problems(username, password)).toEqual([]);
      }),
    );
  });

  it('refuses a password of the wrong length', () => {
    const tooShort = fc.string({ unit: 'binary', maxLength: PASSWORD_LENGTH.min - 1 });
    const tooLong = fc.string({
      unit: 'binary',
      minLength: PASSWORD_LENGTH.max + 1,
      maxLength: PASSWORD_LENGTH.max + 40,
    });
    fc.assert(
      fc.property(validUsername, fc.oneof(tooShort, tooLong), (username, password) => {
        expect(SIGN_UP_POLICY.problems(username, password)).toContain(SIGN_UP_PROBLEMS.passwordLength);
      }),
    );
  });

  it('refuses one character repeated, at any length', () => {
    fc.assert(
      fc.property(
        validUsername,
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.integer({ min: 2, max: 200 }),
        (username, char, times) => {
          expect(SIGN_UP_POLICY.problems(username, char.repeat(times))).toContain(SIGN_UP_PROBLEMS.passwordRepeated);
        },
      ),
    );
  });

  it('refuses the username as password, in any mix of case', () => {
    fc.assert(
      fc.property(validUsername, fc.array(fc.boolean(), { maxLength: USERNAME_LENGTH.max }), (username, upper) => {
        const password = Array.from(username, (char, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase())).join(
          '',
        );
        expect(SIGN_UP_POLICY.problems(username, password)).toContain(SIGN_UP_PROBLEMS.passwordIsUsername);
      }),
    );
  });

  it('refuses every common password, in any mix of case', () => {
    fc.assert(
      fc.property(
        validUsername,
        fc.constantFrom(...COMMON_PASSWORDS),
        fc.array(fc.boolean(), { maxLength: 20 }),
        (username, common, upper) => {
          const password = Array.from(common, (char, i) => (upper[i] ? char.toUpperCase() : char)).join('');
          expect(SIGN_UP_POLICY.problems(username, password)).toContain(SIGN_UP_PROBLEMS.passwordCommon);
        },
      ),
    );
  });
});
