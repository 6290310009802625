// The links in an email's text (verification, reset) become clickable; nothing else is interpreted.
const urlPattern = /(https?:\/\/[^\s<>"]+)/g

export const MailText = ({ text }: { readonly text: string }) => (
  <p className="mail__text">
    {text.split(urlPattern).map((part, index) =>
      // split() with a capturing group puts the URLs at the odd indexes.
      index % 2 === 1 ? (
        <a key={index} href={part}>
          {part}
        </a>
      ) : (
        part
      )
    )}
  </p>
)
