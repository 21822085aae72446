/** Base of the gateway's business errors: a stable `code` the HTTP filter maps to a status. */
export abstract class GatewayError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Unknown user or wrong password: one error, one message, so an answer never tells which of the two
 * was wrong.
 */
export class InvalidCredentialsError extends GatewayError {
  readonly code = 'AUTH.INVALID_CREDENTIALS';

  constructor() {
    super('Wrong username or password');
  }
}

/** A user that breaks the rules of a User (an owner without a store, a customer with one, …). */
export class InvalidUserError extends GatewayError {
  readonly code = 'USER.INVALID';
}

/** A sign-up whose username or password breaks the SignUpPolicy: the message names every rule broken. */
export class SignUpRefusedError extends GatewayError {
  readonly code = 'SIGN_UP.REFUSED';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** The username, ignoring case, belongs to someone already. */
export class UsernameTakenError extends GatewayError {
  readonly code = 'USER.USERNAME_TAKEN';

  constructor(username: string) {
    super(`The username "${username}" is taken; choose another`);
  }
}
