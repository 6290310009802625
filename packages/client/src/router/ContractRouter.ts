import type {
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCSubscriptionProcedure
} from "@trpc/server"
import type { AnyProcedureContract, AnyRouterContract, ProceduresContract } from "./RouterContract.ts"

// A tRPC router type rebuilt from a contract: the same procedures, inputs, outputs and error
// shape as the server's router, with an empty context. It is what `createTRPCClient` and the
// TanStack Query bindings need, and it names only `@trpc/server`'s public types.

/** The router type a client is typed with, for the given contract. */
export type ContractRouter<Contract extends AnyRouterContract> = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: Contract["errorShape"]; transformer: Contract["transformer"] },
  ContractRecord<Contract["procedures"]>
>

type ContractRecord<Procedures extends ProceduresContract> = {
  [Key in keyof Procedures]: Procedures[Key] extends AnyProcedureContract
    ? ContractProcedure<Procedures[Key]>
    : Procedures[Key] extends ProceduresContract
      ? ContractRecord<Procedures[Key]>
      : never
}

type ContractProcedure<Procedure extends AnyProcedureContract> = {
  query: TRPCQueryProcedure<{ input: Procedure["input"]; output: Procedure["output"]; meta: object }>
  mutation: TRPCMutationProcedure<{ input: Procedure["input"]; output: Procedure["output"]; meta: object }>
  subscription: TRPCSubscriptionProcedure<{ input: Procedure["input"]; output: Procedure["output"]; meta: object }>
}[Procedure["type"]]
