import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { PASSWORD_LENGTH, USERNAME_LENGTH, USERNAME_PATTERN } from '../../../domain/sign-up-policy';
import { TokenResponse } from './token.request';

/**
 * POST /auth/signup: `{"username": "carol", "password": "correct horse battery"}`. Only the types
 * are checked here; the rules (lengths, characters, common passwords, …) are the SignUpPolicy's,
 * which answers 400 naming each one broken. The schema documents them.
 */
@ApiSchema({ name: 'SignUpRequest' })
export class SignUpRequest {
  @ApiProperty({
    minLength: USERNAME_LENGTH.min,
    maxLength: USERNAME_LENGTH.max,
    pattern: USERNAME_PATTERN.source,
    example: 'carol',
    description: 'Letters, digits and `. _ - @`, starting with a letter or digit; unique ignoring case.',
  })
  @IsString({ message: '$property is required and must be a string' })
  username!: string;

  @ApiProperty({
    minLength: PASSWORD_LENGTH.min,
    maxLength: PASSWORD_LENGTH.max,
    example: 'correct horse battery',
    description: 'Not one character repeated, not the username, not one of the most common passwords.',
  })
  @IsString({ message: '$property is required and must be a string' })
  password!: string;
}

/** The token response of POST /auth/token, and who the new customer is. */
@ApiSchema({ name: 'SignUpResponse' })
export class SignUpResponse extends TokenResponse {
  @ApiProperty({ example: 'carol', description: 'As given: the `sub` of the token.' })
  username!: string;

  @ApiProperty({ enum: ['customer'] })
  role!: 'customer';
}
