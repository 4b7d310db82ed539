import { Body, Controller, Get, HttpCode, Inject, Ip, Post } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, Public } from '@andon/service-kit';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import type { LoginResult } from '../auth/auth.service';
import { loginSchema, parseBody } from './request-schemas';

@Controller('api')
export class AuthController {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  /** Password sign-in (HS256, users file); rate-limited per user and address before any hash runs. */
  @Post('auth/login')
  @Public('password sign-in is how a session starts; attempts are limited per user and address')
  @HttpCode(200)
  login(@Body() body: unknown, @Ip() address: string): Promise<LoginResult> {
    const { userId, password } = parseBody(loginSchema, body);
    return this.core.auth.login(userId, password, address);
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
