export class LogInCommand {
  constructor(
    readonly username: string,
    readonly password: string,
  ) {}
}
