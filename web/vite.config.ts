// Builds the dashboard and the customer portal (with the hosted invoice page) into dist/web; Recur
// serves the files under /web/ and answers /dashboard/*, /portal/* and /invoices/:id with the pages.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/web/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: { input: { dashboard: here('dashboard.html'), portal: here('portal.html') } },
  },
});
