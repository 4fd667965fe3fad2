import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The console is served by the API server from web/dist at "/", and calls
// GraphQL at the same origin ("/graphql"). In `vite dev` that path is proxied.
export default defineConfig({
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/graphql": {
        target: process.env.API_URL ?? "http://localhost:4000",
        changeOrigin: true,
        // The live feed's subscriptions (graphql-transport-ws) share the path.
        ws: true,
      },
    },
  },
});
