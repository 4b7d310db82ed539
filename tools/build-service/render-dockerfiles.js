#!/usr/bin/env node
// Writes services/<name>/Dockerfile for every service folder from
// deploy/docker/service.Dockerfile.tpl, exposing the ports helm/andon/values.yaml gives it.
// `--check` writes nothing and exits 1 naming every Dockerfile that is missing or stale.
'use strict';
const { existsSync, readFileSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { parse } = require('yaml');

const root = join(__dirname, '..', '..');
// The laptop composition runs every service in one process and ships no image.
const NOT_IMAGES = new Set(['standalone']);

function serviceFolders() {
  const dir = join(root, 'services');
  return readdirSync(dir)
    .filter((name) => !NOT_IMAGES.has(name) && statSync(join(dir, name)).isDirectory())
    .sort();
}

function render(template, service, ports) {
  return template.replaceAll('@SERVICE@', service).replaceAll('@EXPOSE@', ports.join(' '));
}

function main() {
  const check = process.argv.includes('--check');
  const template = readFileSync(join(root, 'deploy/docker/service.Dockerfile.tpl'), 'utf8');
  const values = parse(readFileSync(join(root, 'helm/andon/values.yaml'), 'utf8'));
  const problems = [];
  for (const service of serviceFolders()) {
    const entry = values.services && values.services[service];
    if (!entry) {
      problems.push(`services/${service}: no entry in helm/andon/values.yaml services:`);
      continue;
    }
    const ports = Object.values(entry.ports || {}).sort((a, b) => a - b);
    const wanted = render(template, service, ports);
    const file = join(root, 'services', service, 'Dockerfile');
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === wanted) continue;
    if (check)
      problems.push(`services/${service}/Dockerfile is ${current === undefined ? 'missing' : 'stale'}`);
    else writeFileSync(file, wanted);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error('run: node tools/build-service/render-dockerfiles.js');
    process.exit(1);
  }
}

main();
