import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Request } from 'express';
import { Caller, Role, isCaller } from './caller';
import { JwtSettings, serviceIssuer } from './auth.variables';
import { TOKEN_ALGORITHM } from './signing-keys';
import { TokenKeys } from './token-keys';

export const JWT_SETTINGS = Symbol('JWT_SETTINGS');
const PUBLIC_ROUTE = 'fooddelivery:public';
const REQUIRED_ROLES = 'fooddelivery:roles';

/** Marks a handler or controller as reachable without a token (health, metrics, login). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Restricts a handler to these roles (403 for a valid token of another role). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The verified caller of the current request. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
  if (!isCaller(request.user)) throw new UnauthorizedException('Authentication required');
  return request.user;
});

/**
 * passport-jwt: a Bearer token signed with RS256 only (so `alg: none`, HS256 made from a public key
 * and any other algorithm are refused) by a trusted issuer's published key (`kid`, see TokenKeys),
 * with the expected issuer and audience, not expired. A service issuer (app calling pay) may only
 * assert `role: service` for itself; the gateway never issues `service` tokens.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JWT_SETTINGS) settings: JwtSettings,
    private readonly keys: TokenKeys,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request: unknown, token: string, done: (error: unknown, key?: string | Buffer) => void) => {
        // jsonwebtoken takes a KeyObject; @types/passport-jwt only lists string | Buffer
        keys.keyFor(token).then((key) => done(null, key as unknown as Buffer), (error: unknown) => done(error));
      },
      algorithms: [TOKEN_ALGORITHM],
      issuer: keys.issuers(),
      audience: settings.audience,
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): Caller {
    if (!isCaller(payload)) throw new UnauthorizedException('The token does not carry a valid identity');
    const { sub, role, storeId } = payload;
    const issuer = (payload as { iss?: unknown }).iss;
    const fromService = typeof issuer === 'string' && this.keys.isServiceIssuer(issuer);
    if (fromService !== (role === 'service') || (fromService && issuer !== serviceIssuer(sub))) {
      throw new UnauthorizedException('The token does not carry a valid identity');
    }
    return storeId === undefined ? { sub, role } : { sub, role, storeId };
  }
}

/**
 * Global guard: every route needs a valid token unless marked @Public(); @Roles() narrows further.
 * Services verify the gateway's token themselves, so an identity can't be forged by headers.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') implements CanActivate {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    await (super.canActivate(context) as Promise<boolean>);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (!roles || roles.length === 0) return true;
    const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
    if (!caller || !roles.includes(caller.role)) {
      throw new ForbiddenException(`This action is only for: ${roles.join(', ')}`);
    }
    return true;
  }

  override handleRequest<TUser = Caller>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error || !user) {
      throw new UnauthorizedException(describeTokenProblem(info) ?? 'A valid Bearer token is required');
    }
    return user;
  }
}

function describeTokenProblem(info: unknown): string | undefined {
  if (!(info instanceof Error)) return undefined;
  if (info.name === 'TokenExpiredError') return 'The token has expired; log in again';
  if (info.message === 'No auth token') return 'A Bearer token is required (POST /auth/token to get one)';
  return `The token is not valid: ${info.message}`;
}
