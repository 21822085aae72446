import { Body, Controller, Get, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller, Public, ROLES } from '@fooddelivery/platform';
import { LogInCommand } from '../../application/log-in/log-in.command';
import { LogInHandler } from '../../application/log-in/log-in.handler';
import { SignUpCommand } from '../../application/sign-up/sign-up.command';
import { SignUpHandler } from '../../application/sign-up/sign-up.handler';
import { SignUpRequest, SignUpResponse } from './dto/sign-up.request';
import { TokenRequest, TokenResponse } from './dto/token.request';
import { LoginRateLimitGuard, SignupRateLimitGuard } from './rate-limit.guards';

@ApiSchema({ name: 'Caller', description: 'Who a verified token says the caller is.' })
class CallerResponse {
  @ApiProperty({ example: 'alice' })
  sub!: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: string;

  @ApiPropertyOptional({ description: 'Owners: the store they run.' })
  storeId?: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logIn: LogInHandler,
    private readonly signUp: SignUpHandler,
  ) {}

  /** A new customer: username and password → 201 with a Bearer token, logged in at once. */
  @Public()
  @UseGuards(SignupRateLimitGuard)
  @Post('signup')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sign up as a customer: username and password for a Bearer token' })
  @ApiResponse({ status: 201, type: SignUpResponse, description: 'The customer is stored and logged in.' })
  @ApiErrors({
    400: 'username or password is missing or not a text, or breaks a rule (the message names each one broken).',
    409: 'The username is taken (ignoring case).',
    413: 'The body is larger than BODY_LIMIT.',
    429: 'Too many sign-ups from this address (SIGNUP_RATE_LIMIT_PER_HOUR); Retry-After says when to retry.',
  })
  async signup(@Body() request: SignUpRequest): Promise<SignUpResponse> {
    const { identity, token } = await this.signUp.execute(new SignUpCommand(request.username, request.password));
    return {
      access_token: token.value,
      token_type: 'Bearer',
      expires_in: token.expiresInSeconds,
      username: identity.sub,
      role: 'customer',
    };
  }

  /** Username and password → a Bearer token (401 for either wrong; 429 after too many failures). */
  @Public()
  @UseGuards(LoginRateLimitGuard)
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Log in: username and password for a Bearer token' })
  @ApiResponse({ status: 200, type: TokenResponse })
  @ApiErrors({
    400: 'username or password is missing, not a text, or too long.',
    401: 'Unknown user or wrong password (the answer does not say which).',
    413: 'The body is larger than BODY_LIMIT.',
    429: 'Too many failed logins from this address; Retry-After says when to retry.',
  })
  async token(@Body() request: TokenRequest): Promise<TokenResponse> {
    const token = await this.logIn.execute(new LogInCommand(request.username, request.password));
    return { access_token: token.value, token_type: 'Bearer', expires_in: token.expiresInSeconds };
  }

  /** Who the token says the caller is. */
  @Get('me')
  @ApiOperation({ summary: 'Who the token says the caller is' })
  @ApiCaller()
  @ApiResponse({ status: 200, type: CallerResponse })
  me(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }
}
