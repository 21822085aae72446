/** Lengths are counted in characters (Unicode code points), as JSON Schema's minLength/maxLength count them. */
export const USERNAME_LENGTH = { min: 3, max: 32 } as const;
export const PASSWORD_LENGTH = { min: 10, max: 128 } as const;

/** Letters, digits and `. _ - @`, starting with a letter or digit (ASCII only, so that case folding is the same everywhere). */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

/**
 * Passwords long enough for the length rule that still are among the first ones guessed. A short
 * list on purpose: the length and repetition rules already refuse most weak passwords.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  'password123',
  'password1234',
  'password1!',
  '1234567890',
  '12345678910',
  '0987654321',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'abcdefghij',
  'abcd123456',
];

/** The rules a sign-up breaks are named by one sentence each, fit to show the person choosing. */
export const SIGN_UP_PROBLEMS = {
  usernameLength: `username must be ${USERNAME_LENGTH.min} to ${USERNAME_LENGTH.max} characters long`,
  usernameCharacters: 'username may hold only letters, digits and . _ - @, and must start with a letter or digit',
  passwordLength: `password must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters long`,
  passwordRepeated: 'password must not be one character repeated',
  passwordIsUsername: 'password must not be the username',
  passwordCommon: 'password is one of the most common passwords; choose another',
} as const;

export type SignUpProblem = (typeof SIGN_UP_PROBLEMS)[keyof typeof SIGN_UP_PROBLEMS];

/**
 * What a new customer may choose as username and password. The username's uniqueness (ignoring
 * case, see `usernameKey`) is the user store's to decide; everything else is decided here.
 */
export class SignUpPolicy {
  private readonly common: ReadonlySet<string>;

  constructor(commonPasswords: readonly string[] = COMMON_PASSWORDS) {
    this.common = new Set(commonPasswords.map((password) => password.toLowerCase()));
  }

  /** Every rule the pair breaks, username first; empty when both may be used. */
  problems(username: string, password: string): SignUpProblem[] {
    return [...this.usernameProblems(username), ...this.passwordProblems(password, username)];
  }

  private usernameProblems(username: string): SignUpProblem[] {
    const problems: SignUpProblem[] = [];
    const length = characters(username).length;
    if (length < USERNAME_LENGTH.min || length > USERNAME_LENGTH.max) problems.push(SIGN_UP_PROBLEMS.usernameLength);
    if (length > 0 && !USERNAME_PATTERN.test(username)) problems.push(SIGN_UP_PROBLEMS.usernameCharacters);
    return problems;
  }

  private passwordProblems(password: string, username: string): SignUpProblem[] {
    const problems: SignUpProblem[] = [];
    const chars = characters(password);
    if (chars.length < PASSWORD_LENGTH.min || chars.length > PASSWORD_LENGTH.max) {
      problems.push(SIGN_UP_PROBLEMS.passwordLength);
    }
    if (chars.length > 1 && new Set(chars).size === 1) problems.push(SIGN_UP_PROBLEMS.passwordRepeated);
    const folded = password.toLowerCase();
    if (password.length > 0 && folded === username.toLowerCase()) problems.push(SIGN_UP_PROBLEMS.passwordIsUsername);
    if (this.common.has(folded)) problems.push(SIGN_UP_PROBLEMS.passwordCommon);
    return problems;
  }
}

/** The policy of POST /auth/signup. */
export const SIGN_UP_POLICY = new SignUpPolicy();

function characters(text: string): string[] {
  return Array.from(text);
}
