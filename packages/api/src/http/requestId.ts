import { randomUUID } from "node:crypto"
import type { IncomingHttpHeaders } from "node:http"
import { singleHeader } from "./requestCredentials.ts"

// A caller's (or a proxy's) own id is kept when it is a plain token, so logs can be joined up.
export const requestIdHeader = "x-request-id"
const plainRequestId = /^[\w.:-]{1,100}$/

/** The id a request's log lines and its answer's `x-request-id` carry. */
export const requestIdOf = (headers: IncomingHttpHeaders): string => {
  const given = singleHeader(headers[requestIdHeader])
  return given !== null && plainRequestId.test(given) ? given : randomUUID()
}
