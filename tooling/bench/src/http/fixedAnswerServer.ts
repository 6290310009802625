import type { Whoami } from "@verity/domain"
import type { BenchServer } from "./BenchServer.ts"
import { startTrpcWhoamiServer, type WhoamiStack } from "./trpcWhoamiServer.ts"

const labels: Readonly<Record<WhoamiStack, string>> = {
  fastify: "Fastify + tRPC, fixed answer",
  "fast path": "fast path + tRPC, fixed answer"
}

/** A stack's own ceiling: a tRPC server on it answering a fixed whoami, no lookup. */
export const startFixedAnswerServer = (stack: WhoamiStack, whoami: Whoami, token: string): Promise<BenchServer> =>
  startTrpcWhoamiServer({ label: labels[stack], stack, token, whoami: async () => whoami, answer: () => whoami })
