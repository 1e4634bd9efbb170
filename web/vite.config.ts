import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Run as `vite build web`: the root is this folder, and the app lands in the package's dist/web, which
// `reel serve` serves at `/` (src/http/web-app.ts).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    // ECharts' core with the bar, line and graph charts is ~600 kB minified, in a chunk of its own that only
    // the pages with a chart load.
    chunkSizeWarningLimit: 700,
  },
})
