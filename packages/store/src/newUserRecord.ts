import type { NewUserRecord, UserRecord } from "./records.ts"

/** A new account's version: the first change makes it 2. */
const initialVersion = 1

/**
 * The record a new user is stored as, in both adapters: only the record's own fields, whatever
 * else the argument carries at run time; an address confirmed from the start counts as ever
 * confirmed, and no change has been made to it yet.
 */
export const newUserRecord = (user: NewUserRecord): UserRecord => {
  const { id, email, emailConfirmed, status, passwordHash, createdAt, createdFrom } = user
  return {
    id,
    email,
    emailConfirmed,
    status,
    passwordHash,
    createdAt,
    createdFrom,
    everConfirmed: emailConfirmed,
    version: initialVersion,
    lastChange: null
  }
}
