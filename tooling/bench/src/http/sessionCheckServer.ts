import { createSessionCheck } from "@verity/client/server"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { type BenchServer, whoamiPath } from "./BenchServer.ts"

/**
 * Another backend of the product (`@verity/client/server`): a node:http server that checks each
 * incoming request's session with `createSessionCheck` (one `session.whoami` call to Verity, over
 * the global fetch's kept-alive connections) and answers what Verity said. Measured end to end,
 * so it pays two HTTP hops on the same machine.
 */
export const startSessionCheckServer = async (verityUrl: string, token: string): Promise<BenchServer> => {
  const check = createSessionCheck({ url: verityUrl })
  const server = createServer((request, response) => {
    void check(request).then((checked) => {
      const body = JSON.stringify(checked.status === "allowed" ? checked.whoami : { refused: checked.status })
      response.writeHead(checked.status === "allowed" ? 200 : checked.httpStatus, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body)
      })
      response.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    label: "other backend: createSessionCheck",
    whoamiUrl: `http://127.0.0.1:${port}${whoamiPath}`,
    headers: { authorization: `Bearer ${token}` },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      })
  }
}
