const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 })

export const count = (value: number): string => grouped.format(value)

export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : "–")

export const ms = (value: number): string => `${fixed(value, value < 10 ? 3 : 1)} ms`

export const us = (value: number): string => `${fixed(value, value < 100 ? 1 : 0)} µs`

export const bytes = (value: number): string =>
  value >= 1024 * 1024
    ? `${fixed(value / (1024 * 1024), 1)} MiB`
    : value >= 1024
      ? `${fixed(value / 1024, 2)} KiB`
      : `${fixed(value, 0)} B`

/** "3.20×": how many times `value` is `reference`. */
export const ratio = (value: number, reference: number): string =>
  reference === 0 || !Number.isFinite(value / reference) ? "–" : `${fixed(value / reference, 2)}×`

export const percent = (value: number, reference: number): string =>
  reference === 0 ? "–" : `${fixed((value / reference) * 100, 1)} %`
