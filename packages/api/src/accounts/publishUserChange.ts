import type { UserChangeCause } from "@verity/domain"
import type { UserRecord } from "@verity/store"
import { publicUser } from "../sessions/sessionRecords.ts"
import type { SessionManager } from "../sessions/SessionManager.ts"

/** Every committed user change goes to this instance's live sessions before the mutation answers. */
export const publishUserChange = (
  sessionManager: SessionManager["Service"],
  user: UserRecord,
  cause: UserChangeCause
) => sessionManager.dispatch({ user: publicUser(user), version: user.version, cause })
