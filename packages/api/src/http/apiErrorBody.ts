import type { TRPC_ERROR_CODE_KEY } from "@trpc/server"
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc"
import { reasonForTrpcCode } from "./errorReasons.ts"

/** The tRPC code for each status that Fastify or Node answers before tRPC runs. */
const codeByStatus: Readonly<Record<number, TRPC_ERROR_CODE_KEY>> = {
  400: "BAD_REQUEST",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  413: "PAYLOAD_TOO_LARGE",
  414: "BAD_REQUEST",
  415: "UNSUPPORTED_MEDIA_TYPE",
  431: "BAD_REQUEST"
}

const codeOf = (status: number): TRPC_ERROR_CODE_KEY =>
  codeByStatus[status] ?? (status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR")

/**
 * The body of a failure raised before any procedure runs (an unknown path, a body or a URL too
 * large, a request too slow, a media type refused) in tRPC's own error shape, `data.reason`
 * included, so a client reads every failure of the API the same way.
 */
export const apiErrorBody = (status: number, message: string) => {
  const code = codeOf(status)
  return {
    error: {
      message: status < 500 ? message : "Something went wrong on our side.",
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: { code, httpStatus: status, reason: reasonForTrpcCode(code) }
    }
  }
}
