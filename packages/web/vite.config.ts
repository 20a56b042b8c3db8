import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server for `vite` and `vite preview`; override with XG_API_URL=http://localhost:3100.
const apiTarget = process.env.XG_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
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
