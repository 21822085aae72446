import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './auth.guard';
import { PublishedKey, SigningKey, jwksOf } from './signing-keys';

export const PUBLISHED_KEYS = Symbol('PUBLISHED_KEYS');

/**
 * `GET /.well-known/jwks.json`: the public keys this process signs with — the gateway's token keys
 * (every one in JWT_SIGNING_KEYS, so a key being retired still verifies), or a service's own key
 * for its service tokens. Public halves only.
 */
@ApiTags('platform')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(PUBLISHED_KEYS) private readonly keys: readonly SigningKey[]) {}

  @Get('jwks.json')
  @ApiOperation({ summary: 'The public keys (JWKS) of the tokens this process signs: verify with these, RS256, by kid' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kty', 'n', 'e', 'kid', 'alg', 'use'],
            properties: {
              kty: { type: 'string', enum: ['RSA'] },
              n: { type: 'string' },
              e: { type: 'string' },
              kid: { type: 'string' },
              alg: { type: 'string', enum: ['RS256'] },
              use: { type: 'string', enum: ['sig'] },
            },
          },
        },
      },
    },
  })
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): { keys: PublishedKey[] } {
    return jwksOf(this.keys);
  }
}
