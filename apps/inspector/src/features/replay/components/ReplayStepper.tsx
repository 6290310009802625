/**
 * Steps through a session's recorded events as the API replayed them with the same pure machine:
 * the state and context at each step, what changed in the context since the step before, and the
 * transition (with its guard) that decided it, or the guards that said no.
 */
import { useQuery } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { useEffect, useState } from "react"
import { formatTime } from "../../../lib/formatTime.ts"
import { ContextDiff } from "./ContextDiff.tsx"

type ReplayStepperProps = {
  readonly sessionId: string
  /** Asks again when the session took a new step (its last event changed). */
  readonly lastEventId: string | null
}

const guardText = (guard: { readonly name: string; readonly params: unknown } | null) =>
  guard === null ? "no guard" : guard.params === null ? guard.name : `${guard.name}(${JSON.stringify(guard.params)})`

export const ReplayStepper = ({ sessionId, lastEventId }: ReplayStepperProps) => {
  const trpc = useVerity()
  const replay = useQuery(trpc.inspect.replay.queryOptions({ sessionId }))
  const { refetch } = replay
  const [index, setIndex] = useState(0)
  useEffect(() => void refetch(), [lastEventId, refetch])
  useEffect(() => setIndex(0), [sessionId])
  if (replay.isPending) return <p>Replaying the trail…</p>
  if (replay.isError) return <p role="alert">{replay.error.message}</p>
  const steps = replay.data.steps
  const step = steps[Math.min(index, steps.length - 1)]
  if (step === undefined) return <p>This session has no recorded step yet.</p>
  return (
    <section className="replay" aria-label="Replay">
      <div className="replay__controls">
        <button type="button" onClick={() => setIndex(step.index - 1)} disabled={step.index === 0}>
          Previous step
        </button>
        <span role="status">
          Step {step.index + 1} of {steps.length}
        </span>
        <button type="button" onClick={() => setIndex(step.index + 1)} disabled={step.index >= steps.length - 1}>
          Next step
        </button>
        {!replay.data.complete && <small> (the trail has a gap or starts late)</small>}
      </div>
      <dl className="replay__step" data-step={step.index} data-state={step.state.stateName}>
        <dt>When</dt>
        <dd>
          {formatTime(step.at)} on {step.instanceId}
          {step.source !== "recorded" && ` (${step.source})`}
        </dd>
        <dt>Event</dt>
        <dd className="replay__event">
          {step.event === null ? step.kind : step.event.type}
          {step.cause !== null && ` — ${step.cause}`}
        </dd>
        <dt>State after</dt>
        <dd className="replay__state">
          {step.state.stateName}, user version v{step.state.context.userVersion}
          {!step.matchesRecording && " (differs from the recording)"}
        </dd>
        <dt>Decided by</dt>
        <dd>
          {step.decidedBy.length === 0
            ? "no transition"
            : step.decidedBy.map((taken) => (
                <div key={taken.id} className="replay__transition">
                  <code>{taken.id}</code>: {guardText(taken.guard)}
                  {taken.rejected.length > 0 && ` (not taken: ${taken.rejected.map(guardText).join(", ")})`}
                </div>
              ))}
        </dd>
      </dl>
      <h4>Context changes</h4>
      <ContextDiff changes={step.contextChanges} />
      <details>
        <summary>Whole context at this step</summary>
        <pre>{JSON.stringify(step.state.context, null, 2)}</pre>
      </details>
    </section>
  )
}
