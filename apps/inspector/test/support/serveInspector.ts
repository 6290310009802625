import { contentSecurityPolicy } from "@verity/api/server"
import { readFile } from "node:fs/promises"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { extname, join, normalize } from "node:path"

/** Where the API will mount the built inspector. */
export const inspectorBase = "/inspector/"

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".md": "text/markdown; charset=utf-8"
}

export type InspectorServer = {
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string
  readonly close: () => Promise<void>
}

/**
 * The built inspector under /inspector/, as the API will serve it, on a free port, under the
 * API's Content-Security-Policy (a page that needs more than it allows fails the tests with a
 * console error). Any other path answers 404, so a page that asked for something at the wrong
 * base would show it.
 */
export const serveInspector = async (distDir: string): Promise<InspectorServer> => {
  const policy = contentSecurityPolicy("http://127.0.0.1")
  const server = createServer(async (request, response) => {
    response.setHeader("content-security-policy", policy)
    const path = new URL(request.url ?? "/", "http://localhost").pathname
    if (!path.startsWith(inspectorBase)) {
      response.writeHead(404).end()
      return
    }
    const relative = normalize(path.slice(inspectorBase.length))
    const file = relative === "." || relative === "" ? "index.html" : relative
    if (file.startsWith("..")) {
      response.writeHead(404).end()
      return
    }
    try {
      const body = await readFile(join(distDir, file))
      response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" }).end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      })
  }
}
