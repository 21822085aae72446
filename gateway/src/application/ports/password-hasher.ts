/** One-way password hashing (bcrypt in production). */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;

  abstract verify(password: string, hash: string): Promise<boolean>;

  /**
   * A hash no password matches, as costly to check as a real one: checking it for unknown usernames
   * makes their answer take as long as a wrong password's, so timing does not reveal who exists.
   */
  abstract decoyHash(): Promise<string>;
}
