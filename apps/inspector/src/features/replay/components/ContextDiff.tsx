import type { VerityOutputs } from "@verity/client/react"

type ContextChange = VerityOutputs["inspect"]["replay"]["steps"][number]["contextChanges"][number]

const shown = (value: ContextChange["before"]) => (value === null ? "null" : JSON.stringify(value))

/** What a step changed in the session's context, leaf by leaf. */
export const ContextDiff = ({ changes }: { readonly changes: ReadonlyArray<ContextChange> }) =>
  changes.length === 0 ? (
    <p className="context-diff context-diff--none">The context did not change.</p>
  ) : (
    <table className="context-diff" aria-label="Context changes">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path}>
            <td>
              <code>{change.path}</code>
            </td>
            <td className="context-diff__before">{shown(change.before)}</td>
            <td className="context-diff__after">{shown(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
