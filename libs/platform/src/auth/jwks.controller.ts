import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from './auth.guard';
import { PublishedKey, SigningKey, jwksOf } from './signing-keys';

export const PUBLISHED_KEYS = Symbol('PUBLISHED_KEYS');

/**
 * `GET /.well-known/jwks.json`: the public keys this process signs with — the gateway's token keys
 * (every one in JWT_SIGNING_KEYS, so a key being retired still verifies), or a service's own key
 * for its service tokens. Public halves only.
 */
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(PUBLISHED_KEYS) private readonly keys: readonly SigningKey[]) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): { keys: PublishedKey[] } {
    return jwksOf(this.keys);
  }
}
