/** A new customer's chosen username and password (the password is never logged). */
export class SignUpCommand {
  constructor(
    readonly username: string,
    readonly password: string,
  ) {}
}
