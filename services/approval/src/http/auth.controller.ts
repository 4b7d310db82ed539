import { Body, Controller, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, Public, ZodValidationPipe } from '@andon/service-kit';
import { AuthService, type LoginResult } from '../auth/auth.service';
import { BAD_REQUEST, loginSchema, type LoginBody } from './request-schemas';

@Controller('api')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  /** Password sign-in (HS256, users file); rate-limited per user and address before any hash runs. */
  @Post('auth/login')
  @Public('password sign-in is how a session starts; attempts are limited per user and address')
  @HttpCode(200)
  login(
    @Body(new ZodValidationPipe(loginSchema, BAD_REQUEST)) body: LoginBody,
    @Ip() address: string,
  ): Promise<LoginResult> {
    return this.auth.login(body.userId, body.password, address);
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
