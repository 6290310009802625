/** Whether the address is confirmed, in words (never by colour alone). */
export const EmailStatus = ({ confirmed }: { readonly confirmed: boolean }) =>
  confirmed ? (
    <span className="badge badge--ok">Confirmed</span>
  ) : (
    <span className="badge badge--warn">Not confirmed</span>
  )
