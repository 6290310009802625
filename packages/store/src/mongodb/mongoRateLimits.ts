import { Effect } from "effect"
import type { Db } from "mongodb"
import { RateLimiterMongo } from "rate-limiter-flexible"
import { RateLimits } from "../ports/RateLimits.ts"
import { StoreError } from "../StoreError.ts"
import { rateLimitsCollection } from "./collections.ts"

export const makeMongoRateLimits = (db: Db): RateLimits["Service"] =>
  RateLimits.of({
    limiter: (rule) =>
      Effect.try({
        try: () =>
          new RateLimiterMongo({
            storeClient: db,
            // One collection for every rule (keys are prefixed with the rule's name); its indexes
            // are made with the store's, not by each limiter as it is created.
            tableName: rateLimitsCollection,
            disableIndexesCreation: true,
            keyPrefix: rule.name,
            points: rule.points,
            duration: rule.windowSeconds,
            ...(rule.blockSeconds === undefined ? {} : { blockDuration: rule.blockSeconds })
          }),
        catch: (cause) => new StoreError({ operation: "RateLimits.limiter", cause })
      })
  })
