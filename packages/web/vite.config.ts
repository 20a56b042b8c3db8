import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

// The API server for `vite` and `vite preview`; override with XG_API_URL=http://localhost:3100.
const apiTarget = process.env.XG_API_URL ?? 'http://localhost:3000';

/** Modules whose chunks the first signed-in page needs right after the entry: the shell and the home page. */
const PRELOAD_ENTRIES = ['/src/app/Shell.tsx', '/src/modules/home/HomePage.tsx'];

/**
 * Adds <link rel="modulepreload"> for the shell's and the home page's chunks (and the chunks they
 * import) to index.html, so the browser fetches them with the entry instead of after /auth/me
 * has answered and React has asked for them (issue 16: no waterfall).
 */
function preloadFirstPage(): Plugin {
  return {
    name: 'xiaoguan-preload-first-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle;
        // Only the app's page: the public survey page (survey.html) loads none of the shell.
        if (!bundle || !context.path.endsWith('/index.html')) return [];
        const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const initial = new Set<string>();
        const entry = chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith('/src/main.tsx'));
        const walkInitial = (fileName: string) => {
          if (initial.has(fileName)) return;
          initial.add(fileName);
          for (const imported of byFile.get(fileName)?.imports ?? []) walkInitial(imported);
        };
        if (entry) walkInitial(entry.fileName);
        const wanted = new Set<string>();
        const css = new Set<string>();
        const walk = (fileName: string) => {
          if (wanted.has(fileName) || initial.has(fileName)) return;
          const chunk = byFile.get(fileName);
          if (!chunk) return;
          wanted.add(fileName);
          for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file);
          for (const imported of chunk.imports) walk(imported);
        };
        for (const chunk of chunks) {
          if (chunk.facadeModuleId && PRELOAD_ENTRIES.some((entryPath) => chunk.facadeModuleId!.endsWith(entryPath))) walk(chunk.fileName);
        }
        return [
          ...[...wanted].map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
          ...[...css].map((file) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}

/**
 * The public survey page's own entry (issue 20 item 6): `/s/:token` is answered with survey.html by
 * the server; `vite` and `vite preview` do the same here.
 */
function surveyPage(): Plugin {
  const rewrite = (req: { url?: string }, _res: unknown, next: () => void) => {
    if (req.url && /^\/s\/[^/?.]+\/?(\?.*)?$/.test(req.url)) req.url = '/survey.html';
    next();
  };
  return {
    name: 'xiaoguan-survey-page',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

export default defineConfig({
  plugins: [
    react(),
    preloadFirstPage(),
    surveyPage(),
    // Brotli and gzip twins of every text asset, built once; the server picks one by Accept-Encoding.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|mjs|css|html|svg|json)$/, threshold: 1024 }),
  ],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Raw sizes: vendor (first paint) ~640 kB, echarts (lazy, home page only) ~530 kB.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // The app, and the public survey page with nothing of the app but React.
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        survey: fileURLToPath(new URL('./survey.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          // Libraries the first paint needs go in one `vendor` chunk; everything else (pages,
          // antd components they use, echarts) is split per lazily loaded route. React itself is
          // its own chunk, shared with the survey page, so that page never loads the app's vendor.
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
});
