import type { Whoami } from "@verity/domain"
import type { BenchServer } from "./BenchServer.ts"
import { startTrpcWhoamiServer } from "./trpcWhoamiServer.ts"

/** The stack's own ceiling: the same Fastify + tRPC server answering a fixed whoami, no lookup. */
export const startFixedAnswerServer = (whoami: Whoami, token: string): Promise<BenchServer> =>
  startTrpcWhoamiServer({
    label: "Fastify + tRPC, fixed answer",
    token,
    whoami: async () => whoami,
    answer: () => whoami
  })
