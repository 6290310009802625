import { QueryClient } from "@tanstack/react-query"
import { apiFailureOf } from "@verity/client/react"

/**
 * An answer from the API (a refusal, a sign-in that ended) is final: asking again gets the same
 * answer. Only calls that got no answer at all (the server restarting) are worth a retry.
 */
const retryUnanswered = (failureCount: number, error: unknown) => apiFailureOf(error) === null && failureCount < 3

export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      // The inspector shows what is true now; a window coming back into focus asks again.
      queries: { retry: retryUnanswered, staleTime: 0 },
      mutations: { retry: false }
    }
  })
