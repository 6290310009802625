import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { runOrThrow } from "../support/run.ts"

// Another app, made the way its developer would: in a folder outside the workspace, with its
// own package.json and tsconfig.json, installing the packed @verity/client and TypeScript from
// the registry. Its files are ./app, plus the README's examples (../../examples) in src/examples.

const clientDir = fileURLToPath(new URL("../..", import.meta.url))
const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url))

/** The version this repository uses, so the install is served from npm's cache. */
const repoVersion = async (name: string): Promise<string> => {
  const manifest = [join(clientDir, "node_modules", name), join(repoRoot, "node_modules", name)]
    .map((dir) => join(dir, "package.json"))
    .find((path) => existsSync(path))
  if (manifest === undefined) throw new Error(`${name} is not installed in the repository`)
  return (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version
}

const versionsOf = async (names: ReadonlyArray<string>) =>
  Object.fromEntries(await Promise.all(names.map(async (name) => [name, await repoVersion(name)] as const)))

export type ConsumerApp = {
  /** The app's folder; its node_modules hold the installed tarball. */
  readonly dir: string
  /** What `npm pack` put in the tarball. */
  readonly packedFiles: ReadonlyArray<string>
  readonly packSeconds: number
  readonly installSeconds: number
  remove(): Promise<void>
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10

export const prepareConsumerApp = async (): Promise<ConsumerApp> => {
  const root = await mkdtemp(join(tmpdir(), "verity-consumer-"))
  const packStarted = performance.now()
  // `npm pack` runs prepack, which builds the package: the tarball is what a publish would ship.
  const packed = await runOrThrow("npm", ["pack", "--json", "--pack-destination", root], clientDir)
  const packSeconds = seconds(packStarted)
  const tarball = (await readdir(root)).find((name) => name.endsWith(".tgz"))
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball:\n${packed.stdout}`)
  // Before its JSON report, stdout carries what prepack's build printed.
  const reportStart = packed.stdout.startsWith("[") ? 0 : packed.stdout.lastIndexOf("\n[\n") + 1
  const report = JSON.parse(packed.stdout.slice(reportStart)) as Array<{
    files: Array<{ path: string }>
  }>

  const dir = join(root, "app")
  await cp(fileURLToPath(new URL("./app", import.meta.url)), dir, { recursive: true })
  await mkdir(join(dir, "src", "examples"))
  await cp(join(clientDir, "examples"), join(dir, "src", "examples"), { recursive: true })
  const manifest = {
    name: "another-app",
    private: true,
    type: "module",
    dependencies: {
      "@verity/client": `file:../${tarball}`,
      ...(await versionsOf([
        "fastify",
        "express",
        "hono",
        "@hono/node-server",
        "react",
        "@tanstack/react-query",
        "@trpc/tanstack-react-query"
      ]))
    },
    devDependencies: await versionsOf(["typescript", "@types/node", "@types/express", "@types/react"])
  }
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`)

  const installStarted = performance.now()
  await runOrThrow("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir)
  const installSeconds = seconds(installStarted)
  return {
    dir,
    packedFiles: report[0]?.files.map((file) => file.path).toSorted() ?? [],
    packSeconds,
    installSeconds,
    remove: () => rm(root, { recursive: true, force: true })
  }
}
