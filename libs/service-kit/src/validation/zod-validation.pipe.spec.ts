import { Body, Controller, HttpCode, Module, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '../auth/access.decorators';
import { ServiceKitModule } from '../service-kit.module';
import { ZodValidationPipe } from './zod-validation.pipe';

const askSchema = z.strictObject({
  question: z.string().trim().min(1).max(50),
  lines: z.array(z.string().min(1)).optional(),
});
const pageSchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).optional() });

@Controller('probe')
class ProbeController {
  @Post('ask')
  @HttpCode(200)
  @Public('validation pipe spec')
  ask(
    @Body(new ZodValidationPipe(askSchema)) body: z.infer<typeof askSchema>,
    @Query(new ZodValidationPipe(pageSchema, 'BAD_QUERY')) page: z.infer<typeof pageSchema>,
  ): unknown {
    return { question: body.question, lines: body.lines ?? [], limit: page.limit ?? 10 };
  }
}

@Module({ imports: [ServiceKitModule], controllers: [ProbeController] })
class ProbeModule {}

describe('ZodValidationPipe', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  const post = (body: unknown, query = ''): Promise<Response> =>
    fetch(`${url}/probe/ask${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('hands the handler the parsed values (trimmed, coerced)', async () => {
    const res = await post({ question: '  OEE line 1  ' }, '?limit=5');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ question: 'OEE line 1', lines: [], limit: 5 });
  });

  it('refuses a body the schema rejects with 400 and the one error body, naming each field', async () => {
    const res = await post({ question: '', extra: 1 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    expect(body.code).toBe('INVALID_REQUEST');
    expect(body.message).toMatch(/question: /);
    expect(body.message).toMatch(/extra/);
  });

  it('uses the code the route documents, for a query too', async () => {
    const res = await post({ question: 'ok' }, '?limit=0');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'BAD_QUERY', message: expect.stringMatching(/^limit: /) });
  });
});
