import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

// `npm run dev`: Vite serves the app with hot reload and forwards /trpc (queries, mutations and
// the session.changes event stream) to the API, so the page and the API share one origin and the
// session cookie just works. The API is the one `npm run dev` starts beside it (on PORT), unless
// VERITY_API_URL names another.
const apiUrl = process.env["VERITY_API_URL"] ?? `http://127.0.0.1:${process.env["PORT"] ?? "3000"}`

export default defineConfig({
  plugins: [react()],
  server: {
    // The API's PUBLIC_URL in dev points here (apps/api's dev script reads the same variable).
    port: Number(process.env["WEB_DEV_PORT"] ?? 5173),
    strictPort: true,
    proxy: { "/trpc": { target: apiUrl } }
  }
})
