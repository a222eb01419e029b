/** A small XML well-formedness check for tests: tags balance, attributes are quoted, entities are known. */
export function checkXml(xml: string): { ok: true; elements: number } | { ok: false; error: string } {
  const stack: string[] = [];
  let elements = 0;
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\/?([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)|<|>/g;
  let m: RegExpExecArray | null;
  let lastIndex = 0;
  while ((m = token.exec(body))) {
    lastIndex = token.lastIndex;
    const t = m[0];
    if (t.startsWith('<![CDATA[') || t.startsWith('<!--')) continue;
    if (t === '<' || t.startsWith('&')) return { ok: false, error: `stray "${t}" at ${m.index}` };
    if (t === '>') continue; // allowed in text
    const name = m[1]!;
    if (t.startsWith('</')) {
      if (stack.pop() !== name) return { ok: false, error: `unbalanced </${name}> at ${m.index}` };
    } else {
      elements++;
      if (m[3] !== '/') stack.push(name);
    }
  }
  void lastIndex;
  if (stack.length) return { ok: false, error: `unclosed <${stack.at(-1)}>` };
  return { ok: true, elements };
}
