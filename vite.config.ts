import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const page = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Three pages, one build: the control panel (/), the screen app (/display/) and the web zone's
 * banner (/embed/<zone>, from display/embed.html), served by the Pano server.
 */
export default defineConfig({
  root: '.',
  publicDir: false,
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        control: page('control/index.html'),
        display: page('display/index.html'),
        embed: page('display/embed.html'),
        // The display's service worker: a fixed URL (/display/sw.js), so its scope is /display/.
        'display-sw': page('display/sw.ts'),
      },
      // The fonts are served by the Pano server from assets/fonts (/fonts/…), the very files
      // node-canvas registers for print; the pages' CSS names them by that URL, so Vite leaves them out.
      external: [/^\/fonts\//],
      output: {
        entryFileNames: (chunk) => (chunk.name === 'display-sw' ? 'display/sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/fonts': 'http://localhost:8080',
      '/healthz': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
