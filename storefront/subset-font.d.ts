// subset-font ships no types; the one call vite.config.ts makes.
declare module 'subset-font' {
  /** A subset of `font` (TTF, WOFF or WOFF2 bytes) keeping the glyphs `text` needs, with layout closure. */
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2'; preserveNameIds?: number[] },
  ): Promise<Buffer>;
}
