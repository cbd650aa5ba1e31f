/**
 * A small, strict XML 1.0 well-formedness checker for the JUnit tests: one root element, balanced
 * tags, quoted attributes without a raw `<`, no duplicate attributes, only the five predefined
 * entities or character references, only legal XML characters. Returns the element tree.
 * Not a general parser: no DTDs, no namespaces check, no processing instructions after the prolog.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${what} near ${JSON.stringify(xml.slice(Math.max(0, i - 20), i + 20))}`);
  };
  for (const ch of xml) {
    const c = ch.codePointAt(0) ?? 0;
    const legal = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    if (!legal) fail(`illegal character U+${c.toString(16)}`);
  }
  const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
  const skipSpace = (): void => {
    while (isSpace(xml[i])) i++;
  };
  const isNameChar = (ch: string | undefined, first: boolean): boolean => {
    if (ch === undefined) return false;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch === ':') return true;
    return !first && ((ch >= '0' && ch <= '9') || ch === '-' || ch === '.');
  };
  const readName = (): string => {
    const start = i;
    if (!isNameChar(xml[i], true)) fail('expected a name');
    while (isNameChar(xml[i], false)) i++;
    return xml.slice(start, i);
  };
  const expect = (s: string): void => {
    if (!xml.startsWith(s, i)) fail(`expected ${s}`);
    i += s.length;
  };
  const readReference = (): string => {
    expect('&');
    const end = xml.indexOf(';', i);
    if (end < 0 || end - i > 10) fail('unterminated reference');
    const body = xml.slice(i, end);
    i = end + 1;
    if (body.startsWith('#x')) return String.fromCodePoint(checkedCode(parseInt(body.slice(2), 16), /^[0-9a-fA-F]+$/.test(body.slice(2))));
    if (body.startsWith('#')) return String.fromCodePoint(checkedCode(parseInt(body.slice(1), 10), /^[0-9]+$/.test(body.slice(1))));
    const named = ENTITIES[body];
    if (named === undefined) fail(`unknown entity &${body};`);
    return named ?? '';
  };
  const checkedCode = (code: number, digitsOk: boolean): number => {
    const legal = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!digitsOk || !legal) fail('bad character reference');
    return code;
  };

  const parseElement = (): XmlElement => {
    expect('<');
    const el: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      const hadSpace = isSpace(xml[i]);
      skipSpace();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      if (!hadSpace) fail('expected space before attribute');
      const name = readName();
      skipSpace();
      expect('=');
      skipSpace();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('attribute value not quoted');
      i++;
      let value = '';
      while (xml[i] !== quote) {
        const ch = xml[i];
        if (ch === undefined) fail('unterminated attribute');
        if (ch === '<') fail('raw < in attribute value');
        if (ch === '&') value += readReference();
        else {
          value += ch;
          i++;
        }
      }
      i++;
      if (Object.hasOwn(el.attributes, name)) fail(`duplicate attribute ${name}`);
      el.attributes[name] = value;
    }
    for (;;) {
      if (i >= xml.length) fail(`unclosed <${el.name}>`);
      if (xml.startsWith('</', i)) {
        i += 2;
        if (readName() !== el.name) fail(`mismatched end tag for <${el.name}>`);
        skipSpace();
        expect('>');
        return el;
      }
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i + 9);
        if (end < 0) fail('unterminated CDATA');
        el.text += xml.slice(i + 9, end);
        i = end + 3;
      } else if (xml[i] === '<') {
        el.children.push(parseElement());
      } else if (xml[i] === '&') {
        el.text += readReference();
      } else {
        if (xml.startsWith(']]>', i)) fail(']]> in text');
        el.text += xml[i];
        i++;
      }
    }
  };

  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  skipSpace();
  const root = parseElement();
  skipSpace();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

/** Every element named `name` in the tree, depth first. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
