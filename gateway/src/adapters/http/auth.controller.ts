import { Body, Controller, Get, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Caller, CurrentCaller, Public } from '@fooddelivery/platform';
import { LogInCommand } from '../../application/log-in/log-in.command';
import { LogInHandler } from '../../application/log-in/log-in.handler';
import { TokenRequest, TokenResponse } from './dto/token.request';
import { LoginRateLimitGuard } from './rate-limit.guards';

@Controller('auth')
export class AuthController {
  constructor(private readonly logIn: LogInHandler) {}

  /** Username and password → a Bearer token (401 for either wrong; 429 after too many failures). */
  @Public()
  @UseGuards(LoginRateLimitGuard)
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async token(@Body() request: TokenRequest): Promise<TokenResponse> {
    const token = await this.logIn.execute(new LogInCommand(request.username, request.password));
    return { access_token: token.value, token_type: 'Bearer', expires_in: token.expiresInSeconds };
  }

  /** Who the token says the caller is. */
  @Get('me')
  me(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }
}
