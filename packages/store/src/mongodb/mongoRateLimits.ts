import type { Collection, Db } from "mongodb"
import { RateLimiterMongo } from "rate-limiter-flexible"
import { makeFlexibleRateLimits } from "../flexibleRateLimits.ts"
import type { RateLimits } from "../ports/RateLimits.ts"
import { type RateLimitDocument, rateLimitsCollection } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

export const makeMongoRateLimits = (
  db: Db,
  rateLimits: Collection<RateLimitDocument>,
  { inTransaction }: MongoConnection
): RateLimits["Service"] =>
  makeFlexibleRateLimits({
    makeLimiter: (rule) =>
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
    // A pipeline update computes the new count from the stored one inside the single-document write.
    takeBack: async (key, points) => {
      await rateLimits.updateOne({ key, $or: [{ expire: { $gt: new Date() } }, { expire: null }] }, [
        { $set: { points: { $max: [0, { $subtract: ["$points", points] }] } } }
      ])
    },
    // Each call is one atomic write on the server; the client needs no turn-taking.
    exclusive: (effect) => effect,
    inTransaction
  })
