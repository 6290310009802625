import { Effect, type Scope } from "effect"
import Fastify from "fastify"
import { Metrics } from "./Metrics.ts"

/**
 * `/metrics` on a listener of its own (METRICS_PORT, on METRICS_HOST, loopback by default), not
 * on the public port: the figures tell how busy the service is and how its mail fares, which is
 * the operator's business, and a separate port keeps them off the public load balancer without
 * handing Prometheus the ADMIN_TOKEN (which can suspend accounts). Answers its URL.
 */
export const listenForMetrics = (port: number, host: string): Effect.Effect<string, unknown, Metrics | Scope.Scope> =>
  Effect.gen(function* () {
    const metrics = yield* Metrics
    const server = Fastify({ logger: false, forceCloseConnections: true })
    server.get("/metrics", async (_request, reply) =>
      reply.type(metrics.contentType).send(await Effect.runPromise(metrics.prometheusText))
    )
    const address = yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => server.listen({ port, host }), catch: (error) => error }),
      () => Effect.promise(() => server.close())
    )
    return `${new URL(address).origin}/metrics`
  })
