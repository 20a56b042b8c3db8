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
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
        const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
        const initial = new Set<string>();
        const entry = chunks.find((chunk) => chunk.isEntry);
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

export default defineConfig({
  plugins: [
    react(),
    preloadFirstPage(),
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
      output: {
        codeSplitting: {
          // Libraries the first paint needs go in one `vendor` chunk; everything else (pages,
          // antd components they use, echarts) is split per lazily loaded route.
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'] }],
        },
      },
    },
  },
});
