/**
 * Calls per batched request: the API refuses larger batches (its maxBatchSize, in
 * packages/api/src/http/HttpServer.ts), so the client splits a burst of calls into batches of
 * this size instead of having one refused.
 */
export const maxBatchItems = 10
