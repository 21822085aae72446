import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** POST /auth/token: `{"username": "alice", "password": "password"}`. */
@ApiSchema({ name: 'TokenRequest' })
export class TokenRequest {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'alice' })
  // class-validator reports the last decorator first: "is required" reads before the length rule
  @Length(1, 100, { message: '$property must be 1 to $constraint2 characters long' })
  @IsString({ message: '$property is required and must be a string' })
  username!: string;

  @Length(1, 200, { message: '$property must be 1 to $constraint2 characters long' })
  @IsString({ message: '$property is required and must be a string' })
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'password' })
  password!: string;
}

/** The OAuth 2.0 token response shape. */
@ApiSchema({ name: 'TokenResponse' })
export class TokenResponse {
  @ApiProperty({ description: 'A JWT: send it as `Authorization: Bearer <token>`.' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ description: 'Seconds until it expires.', minimum: 1 })
  expires_in!: number;
}
