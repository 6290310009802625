import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestApi } from "@verity/test-api"

// The API serves the built inspector at /inspector/ on its own origin, beside the web app, and
// only while ADMIN_TOKEN is set. Stand-in builds (an index.html and an asset each) are enough to
// see what is served where; the inspector's own browser test runs its real build.

let builds: string

const fakeBuild = async (name: string) => {
  const dir = join(builds, name)
  await mkdir(join(dir, "assets"), { recursive: true })
  await writeFile(join(dir, "index.html"), `<!doctype html><title>${name}</title>`)
  await writeFile(join(dir, "assets", `${name}.js`), `console.log("${name}")`)
  return dir
}

beforeAll(async () => {
  builds = await mkdtemp(join(tmpdir(), "verity-builds-"))
})
afterAll(async () => {
  await rm(builds, { recursive: true, force: true })
})

const page = (url: string) => fetch(url, { headers: { accept: "text/html" }, redirect: "manual" })

describe("the built inspector", () => {
  it("is served at /inspector/ beside the web app: its files, its routes, and /inspector redirects there", async () => {
    const api = await startTestApi({
      env: { WEB_DIST_DIR: await fakeBuild("web"), INSPECTOR_DIST_DIR: await fakeBuild("inspector") }
    })
    try {
      expect(await (await page(`${api.url}/inspector/`)).text()).toContain("<title>inspector</title>")
      expect(await (await page(`${api.url}/inspector/users/u1`)).text()).toContain("<title>inspector</title>")
      expect(await (await fetch(`${api.url}/inspector/assets/inspector.js`)).text()).toContain('"inspector"')
      const redirect = await page(`${api.url}/inspector`)
      expect(redirect.status).toBe(301)
      expect(redirect.headers.get("location")).toBe("/inspector/")
      const missing = await fetch(`${api.url}/inspector/assets/missing.js`)
      expect(missing.status).toBe(404)
      expect(await missing.json()).toMatchObject({ error: { data: { reason: "NOT_FOUND" } } })

      expect(await (await page(`${api.url}/account`)).text()).toContain("<title>web</title>")
      expect(await (await fetch(`${api.url}/assets/web.js`)).text()).toContain('"web"')
    } finally {
      await api.close()
    }
  })

  it("does not exist while ADMIN_TOKEN is unset", async () => {
    const api = await startTestApi({
      env: { ADMIN_TOKEN: "", WEB_DIST_DIR: await fakeBuild("web-only"), INSPECTOR_DIST_DIR: await fakeBuild("unused") }
    })
    try {
      expect((await fetch(`${api.url}/inspector/assets/unused.js`)).status).toBe(404)
      expect(await (await page(`${api.url}/inspector/`)).text()).not.toContain("<title>unused</title>")
    } finally {
      await api.close()
    }
  })
})
