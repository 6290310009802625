import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { type BenchServer, whoamiPath } from "./BenchServer.ts"

/** The ceiling: `node:http` answering fixed bytes (Verity's own answer) with no work at all. */
export const startBareServer = async (body: string): Promise<BenchServer> => {
  const payload = Buffer.from(body)
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": payload.length })
    response.end(payload)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    label: "bare node:http",
    whoamiUrl: `http://127.0.0.1:${port}${whoamiPath}`,
    headers: {},
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      })
  }
}
