// Vite: builds the front end into web/dist (index.html + hashed assets/), which the gateway serves
// at / (WEB_ROOT). `npm run dev -w web` serves it with hot reload and forwards the API to a running
// gateway (API_URL, default http://127.0.0.1:8080), so the page is same-origin there too.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const API_PREFIXES = [
  '/auth',
  '/stores',
  '/orders',
  '/payments',
  '/admin',
  '/store-orders',
  '/order-status',
  '/my-orders',
  '/notifications',
  '/coupons',
  '/recommendations',
  '/metrics',
  '/openapi.json',
];
const api = process.env.API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // the gateway serves assets/ with a year-long cache: every name carries its content hash
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: api, changeOrigin: false }])),
  },
});
