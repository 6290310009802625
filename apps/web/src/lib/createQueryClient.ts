import { QueryClient } from "@tanstack/react-query"
import { apiFailureOf } from "@verity/client/react"

/**
 * An answer from the API (a refusal, a validation error) is final: asking again gets the same
 * answer. Only calls that got no answer at all (offline, server restarting) are worth a retry.
 */
const retryUnanswered = (failureCount: number, error: unknown) => apiFailureOf(error) === null && failureCount < 3

export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { retry: retryUnanswered },
      mutations: { retry: false }
    }
  })
