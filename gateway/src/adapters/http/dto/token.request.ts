import { IsString, Length } from 'class-validator';

/** POST /auth/token: `{"username": "alice", "password": "password"}`. */
export class TokenRequest {
  // class-validator reports the last decorator first: "is required" reads before the length rule
  @Length(1, 100, { message: '$property must be 1 to $constraint2 characters long' })
  @IsString({ message: '$property is required and must be a string' })
  username!: string;

  @Length(1, 200, { message: '$property must be 1 to $constraint2 characters long' })
  @IsString({ message: '$property is required and must be a string' })
  password!: string;
}

/** The OAuth 2.0 token response shape. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}
