/**
 * Just enough XML to write JUnit: escaping for text and attributes, and removal of the characters XML
 * 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/U+FFFF), which a DUT's message
 * may well contain.
 */
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Printable ASCII without the characters each context escapes needs no work: most values, one test. */
const PLAIN_TEXT = /^[\x20-\x25\x27-\x3b\x3d\x3f-\x7e]*$/;
const PLAIN_ATTR = /^[\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]*$/;

export function xmlText(s: string): string {
  if (PLAIN_TEXT.test(s)) return s;
  return s.replace(ILLEGAL_XML_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values keep their line breaks and tabs as character references (parsers would fold them). */
export function xmlAttr(s: string): string {
  if (PLAIN_ATTR.test(s)) return s;
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export type Attrs = ReadonlyArray<readonly [string, string | number | null]>;

export function attrs(list: Attrs): string {
  let out = '';
  for (const [k, v] of list) if (v !== null) out += ` ${k}="${xmlAttr(String(v))}"`;
  return out;
}

/** An element with its already-serialized children (or none: `<name/>`). */
export function element(name: string, attributes: Attrs, children: readonly string[] = [], indent = ''): string {
  if (children.length === 0) return `${indent}<${name}${attrs(attributes)}/>\n`;
  return `${indent}<${name}${attrs(attributes)}>\n${children.join('')}${indent}</${name}>\n`;
}

/** An element holding text. */
export function textElement(name: string, attributes: Attrs, text: string, indent = ''): string {
  return `${indent}<${name}${attrs(attributes)}>${xmlText(text)}</${name}>\n`;
}
