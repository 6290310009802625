import { startTestApi, strongPassword, uniqueEmail } from "@verity/test-api"
import { readdir, readFile } from "node:fs/promises"
import { join } from "node:path"
import { build } from "vite"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freePort, launchChromium } from "@verity/testing"
import { type Ran, run } from "../support/run.ts"
import { type ConsumerApp, prepareConsumerApp } from "./consumerApp.ts"
import { machineNode20 } from "./machineNode.ts"

// @verity/client as another app's developer meets it: packed, installed outside the workspace,
// compiled by their own strict tsconfig, run on Node 20 and bundled by Vite for a browser.
// Setup is one promise each test awaits, so a failed pack or install fails every test, by
// name, with its output (a failing beforeAll would only mark them skipped).

let consumer: Promise<ConsumerApp>
let compiled: Promise<Ran>
beforeAll(() => {
  consumer = prepareConsumerApp()
  consumer.then(
    (app) => console.log(`consumer app: npm pack ${app.packSeconds} s, npm install ${app.installSeconds} s`),
    () => undefined
  )
  compiled = consumer.then((app) => run(join(app.dir, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], app.dir))
  compiled.catch(() => undefined)
})
afterAll(async () => {
  await (await consumer.catch(() => undefined))?.remove()
})

describe("@verity/client installed in another app", { timeout: 240_000 }, () => {
  it("ships built JavaScript and declarations that import no workspace package", async () => {
    const app = await consumer
    expect(app.packedFiles.filter((path) => !/^dist\/[\w-]+\.(js|d\.ts)$/.test(path))).toEqual([
      "README.md",
      "package.json"
    ])
    const dist = join(app.dir, "node_modules", "@verity", "client", "dist")
    const contents = await Promise.all((await readdir(dist)).map((name) => readFile(join(dist, name), "utf8")))
    expect(contents.join("\n").match(/@verity\/(?!client)[\w-]+/g)).toBeNull()
    expect(await readdir(join(app.dir, "node_modules", "@verity"))).toEqual(["client"])
  })

  it("compiles a correct program, the README's examples included, with no error", async () => {
    const tsc = await compiled
    expect({ code: tsc.code, output: tsc.stdout + tsc.stderr }).toEqual({ code: 0, output: "" })
  })

  it("ships declaration files with no error of their own", async () => {
    // Checked with skipLibCheck off; tRPC's own declarations fail that check (they name the
    // `ws` package without depending on it), so only errors in this package's files count.
    const app = await consumer
    const tsc = await run(
      join(app.dir, "node_modules", ".bin", "tsc"),
      ["-p", "tsconfig.declarations.json", "--pretty", "false"],
      app.dir
    )
    const errors = tsc.stdout.split("\n").filter((line) => line.includes(": error "))
    expect(errors.filter((line) => !line.startsWith("node_modules/@trpc/"))).toEqual([])
  })

  it("makes a misspelt procedure, a wrong field type and an unknown error reason compile errors, and nothing else", async () => {
    const app = await consumer
    const tsc = await run(
      join(app.dir, "node_modules", ".bin", "tsc"),
      ["-p", "tsconfig.mistakes.json", "--pretty", "false"],
      app.dir
    )
    const errors = tsc.stdout
      .trim()
      .split("\n")
      .map((line) => /^(?<at>\S+\(\d+,\d+\)): error (?<code>TS\d+): (?<message>.*)$/.exec(line)?.groups ?? { line })
    expect(errors).toEqual([
      {
        at: "src/mistakes.ts(6,52)",
        code: "TS2551",
        message: expect.stringMatching(/^Property 'whoamii' does not exist on type '.+'\. Did you mean 'whoami'\?$/)
      },
      { at: "src/mistakes.ts(8,88)", code: "TS2322", message: "Type 'number' is not assignable to type 'string'." },
      {
        at: "src/mistakes.ts(10,50)",
        code: "TS2367",
        message: expect.stringMatching(
          /^This comparison appears to be unintentional because the types '"ACCOUNT_SUSPENDED" \| .+ \| undefined' and '"UNAUTHENTICATD"' have no overlap\.$/
        )
      }
    ])
    expect(tsc.code).not.toBe(0)
  })

  it("runs on the machine's Node 20 against the real server: token sign-up, whoami, typed failures", async () => {
    const node20 = machineNode20()
    const tsc = await compiled
    expect(tsc.code, tsc.stdout).toBe(0)
    const app = await consumer
    const api = await startTestApi()
    try {
      const email = uniqueEmail("node20")
      const ran = await run(node20, [join("build", "src", "main.js"), api.url, email, strongPassword], app.dir)
      expect(ran.code, ran.stderr).toBe(0)
      const result = JSON.parse(ran.stdout.trim().split("\n").at(-1) ?? "") as unknown
      expect(result).toMatchObject({
        node: expect.stringMatching(/^v20\./),
        whoami: { user: { email, emailConfirmed: false, status: "active" }, userVersion: 1 },
        badToken: expect.stringMatching(/^UNAUTHENTICATED \(401\): /),
        withToken: { email },
        withoutCredentials: { status: "refused", reason: "UNAUTHENTICATED", httpStatus: 401 }
      })
    } finally {
      await api.close()
    }
  })

  it("bundles with Vite into a page that, in Chromium, signs up, follows and signs out through the real server", async () => {
    const app = await consumer
    const outDir = join(app.dir, "web")
    await build({
      root: join(app.dir, "page"),
      configFile: false,
      logLevel: "warn",
      build: { outDir, emptyOutDir: true }
    })
    // Served by the API on its own origin, the way Verity serves its own web app: the session
    // cookie and the API's Origin check need no CORS.
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const api = await startTestApi({ env: { PORT: String(port), PUBLIC_URL: origin, WEB_DIST_DIR: outDir } })
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const pageErrors: Array<string> = []
      page.on("pageerror", (error) => pageErrors.push(error.message))
      await page.goto(origin)
      await page.waitForFunction(() => document.body.dataset["result"] !== undefined, undefined, { timeout: 30_000 })
      const result = JSON.parse((await page.evaluate(() => document.body.dataset["result"])) ?? "") as {
        email?: string
      }
      expect(pageErrors).toEqual([])
      expect(result).toEqual({
        email: expect.stringMatching(/^page-\d+@example\.test$/),
        signedUpAs: result.email,
        sameSession: true,
        changesSaw: result.email,
        afterSignOut: "UNAUTHENTICATED"
      })
    } finally {
      await browser.close()
      await api.close()
    }
  })
})
