// UTF-8 text fields of RTCP (SDES items, BYE reasons: RFC 3550 §6.5, §6.6).

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Decodes UTF-8 bytes; malformed sequences become U+FFFD (the text is informational). */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The UTF-8 length of `text` (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder writes them). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Writes `text` as UTF-8 at `o`; returns the bytes written. The caller sized the room with utf8Length. */
export function writeText(out: Uint8Array, o: number, text: string): number {
  return encoder.encodeInto(text, out.subarray(o)).written;
}
