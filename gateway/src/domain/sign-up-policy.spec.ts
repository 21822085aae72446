import { SIGN_UP_POLICY, SIGN_UP_PROBLEMS, SignUpPolicy } from './sign-up-policy';
import { User } from './user';

const GOOD_PASSWORD = 'correct horse battery';

describe('SignUpPolicy', () => {
  it.each(['carol', 'Carol', 'c4r', 'carol.smith_99', 'carol-smith@example.com', '7seas', 'a'.repeat(32)])(
    'accepts the username %s',
    (username) => {
      expect(SIGN_UP_POLICY.problems(username, GOOD_PASSWORD)).toEqual([]);
    },
  );

  it.each([
    ['', [SIGN_UP_PROBLEMS.usernameLength]],
    ['ab', [SIGN_UP_PROBLEMS.usernameLength]],
    ['a'.repeat(33), [SIGN_UP_PROBLEMS.usernameLength]],
    ['.carol', [SIGN_UP_PROBLEMS.usernameCharacters]],
    ['_carol', [SIGN_UP_PROBLEMS.usernameCharacters]],
    ['@carol', [SIGN_UP_PROBLEMS.usernameCharacters]],
    ['has space', [SIGN_UP_PROBLEMS.usernameCharacters]],
    ['carol!', [SIGN_UP_PROBLEMS.usernameCharacters]],
    ['çarol', [SIGN_UP_PROBLEMS.usernameCharacters]],
    ['carol\u0000', [SIGN_UP_PROBLEMS.usernameCharacters]],
    ['碧', [SIGN_UP_PROBLEMS.usernameLength, SIGN_UP_PROBLEMS.usernameCharacters]],
  ])('refuses the username %j', (username, problems) => {
    expect(SIGN_UP_POLICY.problems(username, GOOD_PASSWORD)).toEqual(problems);
  });

  it.each(['ten chars!', 'x'.repeat(127) + 'y', 'aaaaaaaaab', '비밀번호는길어야한다', '🔑🔑🔑🔑🔑🔑🔑🔑🔑🗝'])(
    'accepts the password %j',
    (password) => {
      expect(SIGN_UP_POLICY.problems('carol', password)).toEqual([]);
    },
  );

  it.each([
    ['', [SIGN_UP_PROBLEMS.passwordLength]],
    ['nine char', [SIGN_UP_PROBLEMS.passwordLength]],
    ['x'.repeat(128) + 'y', [SIGN_UP_PROBLEMS.passwordLength]],
    ['aaaaaaaaaa', [SIGN_UP_PROBLEMS.passwordRepeated]],
    ['aaaaa', [SIGN_UP_PROBLEMS.passwordLength, SIGN_UP_PROBLEMS.passwordRepeated]],
    ['🔑'.repeat(10), [SIGN_UP_PROBLEMS.passwordRepeated]],
    ['password123', [SIGN_UP_PROBLEMS.passwordCommon]],
    ['PassWord123', [SIGN_UP_PROBLEMS.passwordCommon]],
    ['1234567890', [SIGN_UP_PROBLEMS.passwordCommon]],
    ['qwertyuiop', [SIGN_UP_PROBLEMS.passwordCommon]],
  ])('refuses the password %j', (password, problems) => {
    expect(SIGN_UP_POLICY.problems('carol', password)).toEqual(problems);
  });

  it('counts characters, not UTF-16 units: 9 emoji are too short, 128 are not too long', () => {
    expect(SIGN_UP_POLICY.problems('carol', '🔑🗝'.repeat(4) + '🔒')).toEqual([SIGN_UP_PROBLEMS.passwordLength]);
    expect(SIGN_UP_POLICY.problems('carol', '🔑🗝'.repeat(64))).toEqual([]);
  });

  it('refuses the username as password, whatever the case', () => {
    expect(SIGN_UP_POLICY.problems('carol.smith', 'carol.smith')).toEqual([SIGN_UP_PROBLEMS.passwordIsUsername]);
    expect(SIGN_UP_POLICY.problems('Carol.Smith', 'cAROL.SMITH')).toEqual([SIGN_UP_PROBLEMS.passwordIsUsername]);
    expect(SIGN_UP_POLICY.problems('carol.smith', 'carol.smith!')).toEqual([]);
  });

  it('names every rule broken, username first', () => {
    expect(SIGN_UP_POLICY.problems('_x', 'zzzzzzzz')).toEqual([
      SIGN_UP_PROBLEMS.usernameLength,
      SIGN_UP_PROBLEMS.usernameCharacters,
      SIGN_UP_PROBLEMS.passwordLength,
      SIGN_UP_PROBLEMS.passwordRepeated,
    ]);
  });

  it('takes its list of common passwords, compared ignoring case', () => {
    const policy = new SignUpPolicy(['Tr0ub4dor&3']);
    expect(policy.problems('carol', 'tr0ub4dor&3')).toEqual([SIGN_UP_PROBLEMS.passwordCommon]);
    expect(policy.problems('carol', 'password123')).toEqual([]);
  });

  it('accepts only usernames a User can have', () => {
    for (const username of ['carol', 'carol-smith@example.com', 'a'.repeat(32)]) {
      expect(SIGN_UP_POLICY.problems(username, GOOD_PASSWORD)).toEqual([]);
      expect(() => User.create({ username, passwordHash: 'h', role: 'customer' })).not.toThrow();
    }
  });
});
