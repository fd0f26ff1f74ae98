import { defineConfig } from "vite";

// `npm run dev` serves the dashboard with hot reload and forwards API calls
// (HTTP, SSE and the REPL WebSocket) to a running `pyrite-fleet serve`.
const server = process.env.PYRITE_SERVER ?? "http://127.0.0.1:8080";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    // The assets are embedded in the server binary: no source maps in release output.
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: true, ws: true },
      "/healthz": { target: server, changeOrigin: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
} as Parameters<typeof defineConfig>[0]);
