import { SignJWT } from 'jose';
import { principalSchema, type Principal } from './principal';

export interface DevTokenOptions {
  secret: string;
  issuer?: string;
  audience?: string;
  /** jose time span, e.g. "1h", "15m" */
  expiresIn?: string;
  now?: Date;
}

/** HS256 token for demo users and tests; production tokens come from the identity provider. */
export async function issueDevToken(principal: Principal, options: DevTokenOptions): Promise<string> {
  const p = principalSchema.parse(principal);
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  let jwt = new SignJWT({
    name: p.name,
    roles: p.roles,
    sites: p.sites,
    ...(p.lines ? { lines: p.lines } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(p.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + spanSeconds(options.expiresIn ?? '1h'));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

function spanSeconds(span: string): number {
  const match = /^(\d+)\s*([smhd])$/.exec(span);
  if (!match) throw new RangeError(`expiresIn "${span}" must look like 30s, 15m, 1h or 2d`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
