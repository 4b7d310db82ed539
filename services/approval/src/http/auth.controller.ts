import { Body, Controller, Get, HttpCode, Inject, Post, UseFilters, UseGuards } from '@nestjs/common';
import type { Principal } from '@andon/governance';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import { CurrentPrincipal, JwtAuthGuard } from '../auth/jwt-auth.guard';
import type { LoginResult } from '../auth/auth.service';
import { ApprovalExceptionFilter } from './approval-exception.filter';
import { loginSchema, parseBody } from './request-schemas';

@Controller('api')
@UseFilters(ApprovalExceptionFilter)
export class AuthController {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  /** Demo/dev sign-in (HS256); production tokens come from the identity provider. */
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() body: unknown): Promise<LoginResult> {
    const { userId, password } = parseBody(loginSchema, body);
    return this.core.auth.login(userId, password);
  }

  @Get('me')
  @UseGuards(JwtAuthGuard)
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
