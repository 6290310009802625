import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

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
  server: { port: 5174, strictPort: true }
})
