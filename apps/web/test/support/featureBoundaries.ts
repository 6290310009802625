import { readdirSync, readFileSync } from "node:fs"
import { join, posix, sep } from "node:path"
import { parseSync } from "vite"

// The web app is layered app -> features -> shared (bulletproof-react's rule). A feature never
// imports another feature: where a page needs a piece of another feature, app/ composes them
// and passes the piece in. Shared code (components/, lib/) imports no feature, and nothing but
// app/ (and main.tsx) imports app/.

/** Where a file of src/ belongs, from its path inside src/ ("features/account/components/…"). */
type Layer =
  | { readonly kind: "app" }
  | { readonly kind: "feature"; readonly name: string }
  | { readonly kind: "shared" }

const layerOf = (pathInSrc: string): Layer => {
  const [top, feature] = pathInSrc.split("/")
  if (top === "app" || top === "main.tsx") return { kind: "app" }
  if (top === "features" && feature !== undefined) return { kind: "feature", name: feature }
  return { kind: "shared" }
}

/** Why a file in `from` may not import one in `to`, or null when it may. */
const ruleBroken = (from: Layer, to: Layer): string | null => {
  if (to.kind === "app" && from.kind !== "app") return "only app/ imports app/"
  if (to.kind === "feature" && from.kind === "feature" && to.name !== from.name)
    return "a feature imports another feature; compose them in app/ instead"
  if (to.kind === "feature" && from.kind === "shared") return "shared code imports a feature"
  return null
}

const quoted = /^(["'`])([^"'`]*)\1$/

/** Every module a file imports or re-exports, as written: static, type-only and dynamic imports. */
const importedModules = (pathInSrc: string, source: string): ReadonlyArray<string> => {
  const parsed = parseSync(pathInSrc, source)
  const firstError = parsed.errors[0]
  if (firstError !== undefined) throw new Error(`${pathInSrc} does not parse: ${firstError.message}`)
  const { staticImports, staticExports, dynamicImports } = parsed.module
  return [
    ...staticImports.map((statement) => statement.moduleRequest.value),
    ...staticExports.flatMap((statement) => statement.entries.flatMap((entry) => entry.moduleRequest?.value ?? [])),
    ...dynamicImports.map(({ moduleRequest }) => {
      const written = source.slice(moduleRequest.start, moduleRequest.end)
      const path = quoted.exec(written)?.[2]
      // A computed path could point anywhere, so the rule could not be checked: refused.
      if (path === undefined)
        throw new Error(`${pathInSrc} imports a computed path, ${written}, which cannot be checked`)
      return path
    })
  ]
}

/** The imports of one file (given by its path inside src/) that break the rule, each in words. */
export const boundaryViolations = (pathInSrc: string, source: string): ReadonlyArray<string> =>
  importedModules(pathInSrc, source).flatMap((specifier) => {
    // Packages (react, @verity/client/react) are not part of src/, so not part of the rule.
    if (!specifier.startsWith(".")) return []
    const imported = posix.join(posix.dirname(pathInSrc), specifier)
    const broken = ruleBroken(layerOf(pathInSrc), layerOf(imported))
    return broken === null ? [] : [`${pathInSrc} imports ${specifier}: ${broken}`]
  })

/** Every import of every source file under `srcDir` that breaks the rule. */
export const boundaryViolationsIn = (srcDir: string): ReadonlyArray<string> =>
  readdirSync(srcDir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) => boundaryViolations(file.split(sep).join("/"), readFileSync(join(srcDir, file), "utf8")))
