import type { DomainError } from "@verity/domain"
import { TRPCError } from "@trpc/server"
import { domainErrorStatus } from "./errorReasons.ts"

/** A TRPCError that carries the domain error it came from, so the formatter can add its reason. */
export class DomainFailure extends TRPCError {
  readonly domainError: DomainError
  constructor(domainError: DomainError) {
    super({ code: domainErrorStatus[domainError._tag].code, message: domainError.message })
    this.domainError = domainError
  }
}
