import type { AnyTRPCProcedure, AnyTRPCRouter, inferRouterError } from "@trpc/server"
import type { PlainData } from "./PlainData.ts"

// What a client can know of a router: for every procedure its kind, input and output, and the
// router's error shape. Nothing of the server's context (its Effect services, the request's
// internals) is part of it, so none of that reaches the client's declarations. Each body is a
// conditional type on purpose: its result then carries no alias, and is printed in full (see
// PlainData.ts).

/** The contract of a router, derived from its type alone. */
export type RouterContract<Router extends AnyTRPCRouter> = Router extends unknown
  ? {
      readonly errorShape: PlainData<inferRouterError<Router>>
      readonly transformer: Router["_def"]["_config"]["$types"]["transformer"]
      readonly procedures: RecordContract<Router["_def"]["record"]>
    }
  : never

type RecordContract<Record> = Record extends unknown
  ? {
      [Key in keyof Record]: Record[Key] extends AnyTRPCProcedure
        ? ProcedureContract<Record[Key]>
        : RecordContract<Record[Key]>
    }
  : never

type ProcedureContract<Procedure extends AnyTRPCProcedure> = Procedure extends unknown
  ? {
      readonly type: Procedure["_def"]["type"]
      readonly input: PlainData<Procedure["_def"]["$types"]["input"]>
      readonly output: StreamOrData<Procedure["_def"]["$types"]["output"]>
    }
  : never

/** A subscription's output is an async iterable; only what it yields, returns and takes is data. */
type StreamOrData<Output> =
  Output extends AsyncIterable<infer Yielded, infer Returned, infer Next>
    ? AsyncIterable<PlainData<Yielded>, PlainData<Returned>, PlainData<Next>>
    : PlainData<Output>

/** The shape every contract has, for the types that consume one. */
export type AnyRouterContract = {
  readonly errorShape: object
  readonly transformer: boolean
  readonly procedures: ProceduresContract
}

export type ProceduresContract = { readonly [key: string]: AnyProcedureContract | ProceduresContract }

export type AnyProcedureContract = {
  readonly type: "query" | "mutation" | "subscription"
  readonly input: unknown
  readonly output: unknown
}
