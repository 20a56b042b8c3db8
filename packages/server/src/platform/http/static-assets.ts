import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** A year: the longest max-age caches honour; hashed names change with their content, so it never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * What a static file is sent with. Hashed build output (/assets/) is immutable; index.html must be
 * revalidated on every load so an open tab's next navigation after a deploy gets the new asset names;
 * anything else (favicon) may be kept an hour.
 */
export function cacheControlFor(filePath: string): string {
  const normalized = filePath.split(path.sep).join('/');
  if (normalized.includes('/assets/')) return IMMUTABLE;
  if (/\/index\.html(\.br|\.gz)?$/.test(normalized)) return 'no-cache';
  return 'public, max-age=3600';
}

/**
 * A GET that should be answered with the SPA shell when nothing matched it: a client-side route,
 * never a file. A missing /assets/*.js (an open tab asking for a chunk a deploy removed) or any
 * path whose last segment has an extension gets a real 404, so the app can tell and reload.
 */
export function isClientRoute(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  if (pathname.startsWith('/api/') || pathname.startsWith('/assets/')) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * The built web app: the brotli and gzip twins written by the build (vite-plugin-compression2) are
 * chosen by the request's Accept-Encoding; nothing is compressed per request.
 */
export async function registerStaticAssets(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    // Twins are served under the original name; their own URLs need not exist.
    globIgnore: ['**/*.br', '**/*.gz'],
    setHeaders: (res, filePath) => {
      res.setHeader('cache-control', cacheControlFor(filePath));
      res.setHeader('vary', 'accept-encoding');
    },
  });
}
