/**
 * One mailbox, one account. An address is accepted only when it is exactly one RFC 5321 mailbox
 * (with the UTF-8 of RFC 6531, SMTPUTF8): the form an SMTP server receives in `RCPT TO`. So
 * nothing that a mail library or server could read as another address, or as several, gets in:
 * no display name or angle brackets, no list, no comment, no whitespace, no quoted local part
 * (`"ab"@x` and `ab@x` are one mailbox, and quoting lets spaces and commas in), no IP literal.
 * Only spaces around the address are dropped first: a paste or an autofill leaves them, and they
 * are no part of it (tabs and line breaks are refused wherever they are).
 * What is accepted is then reduced to one spelling: Unicode NFC, the domain as lower-case A-labels
 * (UTS #46), the local part lower-cased (the product treats addresses case-insensitively).
 * Uniqueness is checked on that spelling, and mail is sent to it.
 *
 * smtp-address-parser holds the grammar; tr46 the IDNA processing. Both are pure JavaScript, so
 * this module also runs in a browser.
 */
import { Option, Result, Schema } from "effect"
import { parse as parseSmtpMailbox } from "smtp-address-parser"
import { toASCII } from "tr46"

const like = "must be an email address like name@example.com"

/** What is wrong with a refused address, said so that its owner can fix it. */
export const emailProblems = {
  notAnAddress: like,
  tooLong: `${like}, at most 254 characters long`,
  localPartTooLong: `${like}, with at most 64 characters before the @`,
  invisibleCharacters: `${like}, without spaces, line breaks or invisible characters`,
  nameOrBrackets: `${like}, without a name or angle brackets`,
  list: `${like}: one address, not a list`,
  comment: `${like}, without comments in parentheses`,
  quoted: `${like}, without quotation marks`,
  ipLiteral: `${like}, with a domain name rather than an IP address`,
  domain: `${like}: after the @ comes a domain name with a dot, like example.com`
} as const

export type EmailProblem = (typeof emailProblems)[keyof typeof emailProblems]

// RFC 5321 §4.5.3.1: a path is at most 256 octets with its angle brackets, a local part 64.
const maximumAddressOctets = 254
const maximumLocalPartOctets = 64

// NFC composes a few code units into one at most, so a longer input cannot come within the limit.
const maximumInputLength = 4 * maximumAddressOctets

// Whitespace and controls split or end an address in some reader; invisible formatting
// characters (bidirectional overrides, zero-width joiners), private-use and unassigned code
// points make two addresses that look alike, or that a later Unicode version reads differently.
const surroundingSpaces = /^ +| +$/g

const invisibleOrControl = /[\p{White_Space}\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u

// These only choose the message for an address already refused; the most telling comes first
// (`Ann <ann@example.com>` is refused for its space too, but the name is what to remove).
const refusalHints: ReadonlyArray<readonly [RegExp, EmailProblem]> = [
  [/[<>]/, emailProblems.nameOrBrackets],
  [/[,;]/, emailProblems.list],
  [/[()]/, emailProblems.comment],
  [/"/, emailProblems.quoted],
  [invisibleOrControl, emailProblems.invisibleCharacters],
  [/[[\]]/, emailProblems.ipLiteral],
  [/@[^@.]*$|\.$/, emailProblems.domain]
]

const refused = (input: string): Result.Result<never, EmailProblem> =>
  Result.fail(refusalHints.find(([pattern]) => pattern.test(input))?.[1] ?? emailProblems.notAnAddress)

const ParsedMailbox = Schema.Struct({
  localPart: Schema.Union([
    Schema.Struct({ DotString: Schema.String }),
    Schema.Struct({ QuotedString: Schema.String })
  ]),
  domainPart: Schema.Union([
    Schema.Struct({ DomainName: Schema.String }),
    Schema.Struct({ AddressLiteral: Schema.String })
  ])
})
const decodeParsedMailbox = Schema.decodeUnknownOption(ParsedMailbox)

const parseMailbox = (address: string): Option.Option<typeof ParsedMailbox.Type> => {
  try {
    return decodeParsedMailbox(parseSmtpMailbox(address))
  } catch {
    return Option.none()
  }
}

// Strict IDNA 2008 as UTS #46 profiles it: letters, digits and inner hyphens only, valid
// punycode, right-to-left rules, DNS lengths; no transitional mapping (ß stays ß).
const toALabels = (domain: string): string | null =>
  toASCII(domain, {
    checkBidi: true,
    checkHyphens: true,
    checkJoiners: true,
    useSTD3ASCIIRules: true,
    transitionalProcessing: false,
    verifyDNSLength: true
  })

// At least two labels (no `localhost`), and a top-level label that is not a number, so a
// dotted IPv4 address without brackets is no domain either.
const isMailDomain = (aLabels: string): boolean => {
  const labels = aLabels.split(".")
  return labels.length >= 2 && !/^\d+$/.test(labels.at(-1) ?? "")
}

const utf8 = new TextEncoder()
const octets = (text: string): number => utf8.encode(text).length

/** The one spelling of the mailbox `input` names, or why `input` is not exactly one mailbox. */
export const canonicalEmailAddress = (input: string): Result.Result<string, EmailProblem> => {
  if (input.length > maximumInputLength) return Result.fail(emailProblems.tooLong)
  const unpadded = input.replace(surroundingSpaces, "")
  if (invisibleOrControl.test(unpadded)) return refused(unpadded)
  const composed = unpadded.normalize("NFC")
  // Every code unit becomes at least one octet of the canonical address (IDNA only ever lengthens
  // a domain, bar ignorable characters no one types), so this bounds the parser's work up front.
  if (composed.length > maximumAddressOctets) return Result.fail(emailProblems.tooLong)
  const parsed = parseMailbox(composed)
  if (Option.isNone(parsed)) return refused(composed)
  const { localPart, domainPart } = parsed.value
  if ("QuotedString" in localPart) return Result.fail(emailProblems.quoted)
  if ("AddressLiteral" in domainPart) return Result.fail(emailProblems.ipLiteral)
  const domain = toALabels(domainPart.DomainName)
  if (domain === null || !isMailDomain(domain)) return Result.fail(emailProblems.domain)
  const local = localPart.DotString.toLowerCase().normalize("NFC")
  if (octets(local) > maximumLocalPartOctets) return Result.fail(emailProblems.localPartTooLong)
  const canonical = `${local}@${domain}`
  if (octets(canonical) > maximumAddressOctets) return Result.fail(emailProblems.tooLong)
  return Result.succeed(canonical)
}
