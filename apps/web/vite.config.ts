import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

// `npm run dev`: Vite serves the app with hot reload and forwards /trpc (queries, mutations and
// the session.changes event stream) to the API, so the page and the API share one origin and the
// session cookie just works.
const apiUrl = process.env["VERITY_API_URL"] ?? "http://127.0.0.1:3000"

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/trpc": { target: apiUrl } }
  }
})
