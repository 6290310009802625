import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import { request } from "node:http"

/**
 * fetch over node:http from `localAddress`, so one test can be several clients: Linux routes all
 * of 127.0.0.0/8 to loopback, and the server sees each as its own address.
 */
/** What the tRPC link passes to fetch: a method, headers and a JSON body. */
type LinkRequestInit = { readonly method?: string | undefined; readonly headers?: unknown; readonly body?: unknown }

const fetchFrom =
  (localAddress: string) =>
  (input: string | URL | Request, init?: LinkRequestInit): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const outgoing = request(
        url,
        {
          method: init?.method ?? "GET",
          headers: Object.fromEntries(new Headers(init?.headers as ConstructorParameters<typeof Headers>[0])),
          localAddress
        },
        (incoming) => {
          const chunks: Array<Buffer> = []
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
          incoming.on("end", () => {
            const headers = new Headers()
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const one of [value ?? []].flat()) headers.append(name, one)
            }
            resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 500, headers }))
          })
          incoming.on("error", reject)
        }
      )
      outgoing.on("error", reject)
      if (typeof init?.body === "string") outgoing.write(init.body)
      outgoing.end()
    })

/** The real tRPC client, sending from another loopback address (e.g. "127.0.0.2"). */
export const clientFrom = (url: string, localAddress: string): TRPCClient<AppRouter> =>
  createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, fetch: fetchFrom(localAddress) })]
  })
