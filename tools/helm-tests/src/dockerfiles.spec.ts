import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, serviceFolders } from './chart';

describe('service Dockerfiles', () => {
  it('exist for every service and match deploy/docker/service.Dockerfile.tpl', () => {
    const run = spawnSync('node', [join(REPO_ROOT, 'tools/build-service/render-dockerfiles.js'), '--check'], {
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it.each(serviceFolders())(
    '%s: builds with swc, ships production dependencies only, runs as uid 10001 with a health check',
    (service) => {
      const text = readFileSync(join(REPO_ROOT, 'services', service, 'Dockerfile'), 'utf8');
      expect(text).toContain(`tools/build-service/build.sh ${service} /out`);
      expect(text).toContain('npm ci --omit=dev --ignore-scripts');
      expect(text).toMatch(/^USER 10001:10001$/m);
      expect(text).toMatch(/^HEALTHCHECK .*healthcheck\.js/m);
      expect(text).toContain(`CMD ["node", "services/${service}/src/main.js"]`);
      // Copying the whole context would drag node_modules and secrets from a checkout into the image.
      expect(text).not.toMatch(/^COPY \. /m);
    },
  );
});
