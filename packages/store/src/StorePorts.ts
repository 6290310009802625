import type { ContactMessages } from "./ports/ContactMessages.ts"
import type { OneTimeTokens } from "./ports/OneTimeTokens.ts"
import type { Outbox } from "./ports/Outbox.ts"
import type { RateLimits } from "./ports/RateLimits.ts"
import type { ServerSecrets } from "./ports/ServerSecrets.ts"
import type { Sessions } from "./ports/Sessions.ts"
import type { StoreHealth } from "./ports/StoreHealth.ts"
import type { UserChangeFeed } from "./ports/UserChangeFeed.ts"
import type { StoreTransactions } from "./ports/StoreTransactions.ts"
import type { Users } from "./ports/Users.ts"
import type { SessionTrail } from "./ports/SessionTrail.ts"
import type { InspectorAccess } from "./ports/InspectorAccess.ts"
import type { UserWrites } from "./ports/UserWrites.ts"

/** Every service an adapter's layer provides; the API depends on this set, not on an adapter. */
export type StorePorts =
  | Users
  | UserWrites
  | StoreTransactions
  | Sessions
  | OneTimeTokens
  | Outbox
  | ContactMessages
  | UserChangeFeed
  | StoreHealth
  | RateLimits
  | SessionTrail
  | InspectorAccess
  | ServerSecrets
