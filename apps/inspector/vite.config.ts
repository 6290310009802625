import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

// `npm run dev`: Vite serves the inspector with hot reload at /inspector/ and forwards /trpc
// (queries, mutations and the inspect.watchUser event stream) to the API, so the inspector
// cookie and the API's Origin check see one origin. The API is the one `npm run dev` starts
// beside it (on PORT), unless VERITY_API_URL names another.
const apiUrl = process.env["VERITY_API_URL"] ?? `http://127.0.0.1:${process.env["PORT"] ?? "3000"}`

export default defineConfig({
  plugins: [react()],
  // The API serves the built inspector at /inspector, beside the web app at the root.
  base: "/inspector/",
  // The layout worker is an ES module (it imports elkjs), so it is bundled as one too.
  worker: { format: "es" },
  build: {
    // The licences of every bundled dependency, beside the app, so the notices elkjs (EPL-2.0)
    // and the MIT packages ask to be kept travel with the built files. Not under `.vite/`: the
    // API's static server does not serve dot-folders.
    license: { fileName: "third-party-licenses.md" }
  },
  server: {
    // apps/api's dev script trusts this origin (ALLOWED_ORIGINS) beside the web app's.
    port: Number(process.env["INSPECTOR_DEV_PORT"] ?? 5174),
    strictPort: true,
    proxy: { "/trpc": { target: apiUrl } }
  }
})
