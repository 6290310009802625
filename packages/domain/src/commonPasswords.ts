/**
 * Common passwords, and the same ones dressed up. The list is the one @zxcvbn-ts/language-common
 * ships: the 49,000-odd most frequent passwords of Mark Burnett's corpus of ten million passwords
 * from public breaches (xato.net), lower-cased, in order of frequency, less those that zxcvbn's
 * own patterns (repeats, sequences, keyboard runs, dates) already rate as easy. Most are shorter than
 * the policy's 12 characters, and what people do to reach a length rule is to add digits or
 * symbols at the ends (`Password123!`) and swap letters for look-alikes (`P@ssw0rd`), so a
 * password counts as common when, read case-insensitively and with look-alikes read as the
 * letters they stand for, it is a listed one once some of the digits, symbols and spaces at its
 * start and end are set aside. Letters are never set aside, so a passphrase (`correct horse
 * battery staple 42`) is judged whole. A password with no letters at all is common when it
 * contains a listed one of at least 8 characters: shorter digit strings (PINs, years) turn up by
 * chance inside random numbers, which are not weak for it.
 */
import { dictionary } from "@zxcvbn-ts/language-common"

/** The list, most common first. */
export const commonPasswords: ReadonlyArray<string> = dictionary["passwords-common"]

// One character for one, so a password's and a list entry's readings line up position by position.
// `1`, `!` and `|` stand for i or l, so l reads as i too.
const lookAlikes: Readonly<Record<string, string>> = {
  "@": "a",
  "4": "a",
  "8": "b",
  "3": "e",
  "1": "i",
  "!": "i",
  "|": "i",
  l: "i",
  "0": "o",
  "5": "s",
  $: "s",
  "7": "t",
  "+": "t"
}

const readAs = (character: string): string => lookAlikes[character] ?? character

const readAloud = (text: string): string => {
  let reading = ""
  for (const character of text) reading += readAs(character)
  return reading
}

const isLetter = (character: string): boolean => /\p{L}/u.test(character)

const shortestCommonPasswordWithoutLetters = 8

// Built once, on the first check rather than at import: reading 49,000 entries takes some tens
// of milliseconds, which a process that never judges a password should not pay.
let readings: { readonly set: ReadonlySet<string>; readonly longest: number } | undefined
const commonReadings = () =>
  (readings ??= {
    set: new Set(commonPasswords.map(readAloud)),
    // In code units, which are never fewer than the characters compared below.
    longest: commonPasswords.reduce((longest, password) => Math.max(longest, password.length), 0)
  })

/** Whether `password` is a common one, or one with digits or symbols added or look-alikes swapped in. */
export const isCommonPassword = (password: string): boolean => {
  const { set, longest } = commonReadings()
  // NFKC reads fullwidth and other compatibility forms as the plain characters they show.
  const characters = [...password.normalize("NFKC").toLowerCase()]
  const reading = characters.map(readAs)
  const firstLetter = characters.findIndex(isLetter)
  const hasLetters = firstLetter !== -1
  const lastLetter = characters.findLastIndex(isLetter)
  const shortest = hasLetters ? 1 : Math.min(shortestCommonPasswordWithoutLetters, characters.length)
  // The candidate is characters[start, end): it may start anywhere up to the first letter and
  // end anywhere from just after the last one; without letters, anywhere.
  const latestStart = hasLetters ? firstLetter : characters.length
  const earliestEnd = hasLetters ? lastLetter + 1 : 0
  for (let start = 0; start <= latestStart; start++) {
    const from = Math.max(earliestEnd, start + shortest)
    const to = Math.min(characters.length, start + longest)
    for (let end = from; end <= to; end++) {
      if (set.has(reading.slice(start, end).join(""))) return true
    }
  }
  return false
}
