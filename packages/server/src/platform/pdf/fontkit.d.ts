// The part of fontkit (pdfkit's font engine) the quote PDF uses: glyph coverage of a font.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Buffer, postscriptName?: string): Font;
}
