// Tabs of one browser share the session cookie, but each tab keeps its own picture of the
// session. A sign-in in one tab tells the others to look again, so none of them stays on a
// sign-in form for a session that exists. (Sign-outs need no message: every tab's live stream
// of that session ends by itself.)
const channelName = "verity-session"

export const announceSignIn = (): void => {
  const channel = new BroadcastChannel(channelName)
  // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a BroadcastChannel reaches only this origin's tabs; it takes no target origin.
  channel.postMessage("signedIn")
  channel.close()
}

/** Calls `onSignIn` whenever another tab signs in; answers the function that stops listening. */
export const listenForSignInElsewhere = (onSignIn: () => void): (() => void) => {
  const channel = new BroadcastChannel(channelName)
  channel.addEventListener("message", onSignIn)
  return () => channel.close()
}
