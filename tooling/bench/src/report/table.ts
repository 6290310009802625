export type Table = {
  readonly title: string
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
  /** Lines printed under the table: what the numbers mean, how they were taken. */
  readonly notes?: ReadonlyArray<string>
}

const isNumeric = (cell: string) => /^[-+]?[\d.,]+/.test(cell) || cell === "–"

/** A plain-text table: text columns left-aligned, numbers right-aligned. */
export const renderTable = (table: Table): string => {
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...table.rows.map((row) => (row[index] ?? "").length))
  )
  const cell = (text: string, index: number, numeric: boolean) =>
    numeric ? text.padStart(widths[index]!) : text.padEnd(widths[index]!)
  const line = (cells: ReadonlyArray<string>, header: boolean) =>
    "| " + cells.map((text, index) => cell(text, index, !header && index > 0 && isNumeric(text))).join(" | ") + " |"
  return [
    `## ${table.title}`,
    "",
    line(table.columns, true),
    "|" + widths.map((width) => "-".repeat(width + 2)).join("|") + "|",
    ...table.rows.map((row) => line(row, false)),
    ...(table.notes === undefined || table.notes.length === 0 ? [] : ["", ...table.notes.map((note) => `- ${note}`)])
  ].join("\n")
}
