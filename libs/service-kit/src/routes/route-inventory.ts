import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { routeAccess } from '../auth/kit-auth.guard';
import type { RouteAccess } from '../auth/access.decorators';

export interface RouteEntry {
  method: string;
  path: string;
  controller: string;
  handler: string;
  access: RouteAccess;
}

function joinPath(...parts: (string | string[] | undefined)[]): string {
  const segments = parts.flatMap((part) =>
    Array.isArray(part) ? part.slice(0, 1) : part === undefined ? [] : [part],
  );
  return `/${segments
    .map((s) => s.replace(/^\/+|\/+$/g, ''))
    .filter((s) => s !== '')
    .join('/')}`;
}

/**
 * Every HTTP route of a built Nest application with the access the global guard applies
 * to it. The authorisation matrix test walks this list, so a route added without a
 * decision (or a guard) is found by the test, not by an attacker.
 */
export function listRoutes(app: INestApplication): RouteEntry[] {
  const container = app.get(ModulesContainer);
  const controllers = [...container.values()].flatMap((module) => [...module.controllers.values()]);
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteEntry[] = [];
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    const type = wrapper.metatype as (new (...args: never[]) => object) | null;
    if (!instance || !type) continue;
    const base = Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      routes.push({
        method: RequestMethod[method],
        path: joinPath(base, path),
        controller: type.name,
        handler: name,
        access: routeAccess(reflector, handler, type),
      });
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
