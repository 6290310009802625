/**
 * The real tRPC client as distinct machines and browsers would use it. A client may come `from` a
 * loopback address of its own: its socket binds to it, and Linux routes all of 127.0.0.0/8 to
 * the loopback interface, so the server sees distinct client addresses, as it would for users
 * on distinct machines. A device keeps the cookies the server sets, as a browser does.
 */
import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from "@trpc/client"
import type { AppRouter } from "@verity/api"
import { maxBatchSize } from "@verity/api/server"
import { Agent, Headers, fetch as undiciFetch } from "undici"

export type ApiClient = TRPCClient<AppRouter>

let addressesGiven = 0

/**
 * A loopback address (127.1.0.1, 127.1.0.2, …) that no earlier call in this process answered,
 * so limits counted per client address never carry over from another test.
 */
export const distinctLoopbackAddress = (): string => {
  // Host parts ending in .0 or .255 are skipped: some tools read them as network or broadcast.
  const index = addressesGiven++
  const host = 1 + (index % 254)
  const rest = Math.floor(index / 254)
  return `127.${1 + Math.floor(rest / 256)}.${rest % 256}.${host}`
}

/** The cookies a browser would hold for the API: name → value. */
export type CookieJar = Map<string, string>

export type ClientOptions = {
  /** The loopback address the client's connections come from; 127.0.0.1 when unset. */
  readonly from?: string
  /** Cookies to send, updated from every answer's Set-Cookie. */
  readonly jar?: CookieJar
  /**
   * One HTTP request per call, as an attacker's burst comes, instead of tRPC's batches (which
   * also run their calls concurrently, but arrive as one request).
   */
  readonly separateRequests?: boolean
  /** Sent with every request, e.g. the X-Forwarded-For a proxy adds. */
  readonly headers?: Readonly<Record<string, string>>
}

const agents = new Map<string, Agent>()
const agentFrom = (address: string): Agent => {
  const known = agents.get(address)
  if (known !== undefined) return known
  const agent = new Agent({ localAddress: address })
  agents.set(address, agent)
  return agent
}

const keepSetCookies = (jar: CookieJar, headers: ReadonlyArray<string>) => {
  for (const header of headers) {
    const [pair = "", ...attributes] = header.split(";")
    const separator = pair.indexOf("=")
    const name = pair.slice(0, separator).trim()
    const value = pair.slice(separator + 1).trim()
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))
    if (value === "" || expired) jar.delete(name)
    else jar.set(name, value)
  }
}

/** What tRPC's links pass to `fetch`: a plain header record and a string body. */
type LinkRequestInit = {
  readonly method?: string | undefined
  readonly headers?: unknown
  readonly body?: unknown
  readonly signal?: AbortSignal | null | undefined
}

/** A fetch from `options.from` that carries and keeps `options.jar`'s cookies. */
export const clientFetch =
  (options: ClientOptions) =>
  async (input: string | URL | Request, init?: LinkRequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers as Record<string, string> | undefined)
    const { jar } = options
    if (jar !== undefined && jar.size > 0) {
      headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "))
    }
    const response = await undiciFetch(String(input instanceof Request ? input.url : input), {
      method: init?.method ?? "GET",
      headers,
      body: typeof init?.body === "string" ? init.body : null,
      signal: init?.signal ?? null,
      dispatcher: agentFrom(options.from ?? "127.0.0.1")
    })
    if (jar !== undefined) keepSetCookies(jar, response.headers.getSetCookie())
    return response as unknown as Response
  }

/** The real tRPC client over HTTP, as a non-browser consumer uses it (bearer token). */
export const apiClient = (url: string, token?: string, options: ClientOptions = {}): ApiClient => {
  const linkOptions = {
    url: `${url}/trpc`,
    fetch: clientFetch(options),
    headers: () => ({ ...options.headers, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) })
  }
  return createTRPCClient<AppRouter>({
    links: [
      options.separateRequests === true
        ? httpLink(linkOptions)
        : // A test's burst of calls is split, as @verity/client splits it, rather than refused.
          httpBatchLink({ ...linkOptions, maxItems: maxBatchSize })
    ]
  })
}

/** One machine with one browser: an address of its own and the cookies it was given. */
export type TestDevice = {
  readonly address: string
  readonly jar: CookieJar
  /** A client from this device, one request per call; with a token it acts as that session. */
  client(token?: string): ApiClient
}

export const deviceOf = (url: string, address: string = distinctLoopbackAddress()): TestDevice => {
  const jar: CookieJar = new Map()
  return { address, jar, client: (token) => apiClient(url, token, { from: address, jar, separateRequests: true }) }
}
