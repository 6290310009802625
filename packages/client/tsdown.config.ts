import { defineConfig } from "tsdown"

// The published package: ESM JavaScript for browsers and Node 20+, and declaration files that
// carry every type they need (see src/appRouter.ts). The declarations come from TypeScript 7's
// own compiler (rolldown-plugin-dts runs it), because only a type checker can write out the
// router's inferred types; isolated-declaration tools cannot.
export default defineConfig({
  entry: { index: "src/index.ts", react: "src/react/index.ts", server: "src/server/index.ts" },
  format: "esm",
  platform: "neutral",
  target: ["node20", "es2022"],
  fixedExtension: false,
  tsconfig: "tsconfig.build.json",
  dts: { generator: "tsgo" },
  // What the built code and its declarations may import: the package's dependencies and
  // optional peers, never a workspace package; and nothing from node_modules is copied in.
  deps: {
    onlyBundle: [],
    onlyImport: [
      "@trpc/client",
      "@trpc/server",
      "cookie",
      "@trpc/tanstack-react-query",
      "@tanstack/react-query",
      "react"
    ]
  },
  inputOptions: { checks: { pluginTimings: false } }
})
