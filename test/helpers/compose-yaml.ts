// docker-compose.yml read as data, without a YAML library (none is a dependency) and without `docker compose config`
// (no container engine runs on our machines). Only the YAML the compose file uses is understood: block mappings
// and sequences, flow sequences of scalars, quoted and plain scalars, comments, anchors, aliases and merge keys
// (`<<: *name`, where the mapping's own keys win). Other syntax (block scalars, flow mappings, tags, tabs) throws,
// so the file cannot drift into YAML this would read wrongly. Scalars stay text, except true, false and null; `${…}` is left for compose to interpolate.

export type YamlValue = string | boolean | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

/** The line without its comment: a # at the start or after a blank, outside quotes. */
function withoutComment(raw: string): string {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '#' && (i === 0 || raw[i - 1] === ' ')) {
      return raw.slice(0, i);
    }
  }
  return raw;
}

function linesOf(text: string): Line[] {
  return text.split('\n').flatMap((raw, index) => {
    if (raw.includes('\t')) throw new Error(`line ${index + 1}: a tab`);
    const content = withoutComment(raw).trimEnd();
    if (content.trim() === '') return [];
    return [{ indent: content.length - content.trimStart().length, text: content.trimStart(), number: index + 1 }];
  });
}

const KEY = /^([^\s'"[{&*!|>-][^:]*?|<<):(?:\s+(.*))?$/;
const isItem = (text: string) => text === '-' || text.startsWith('- ');

export function readComposeYaml(text: string): YamlMap {
  const lines = linesOf(text);
  const anchors = new Map<string, YamlValue>();
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`line ${lines[at]?.number ?? 'end'}: ${why}`);
  };

  function scalar(raw: string): YamlValue {
    if (raw.startsWith("'")) {
      if (!raw.endsWith("'") || raw.length < 2) fail(`unclosed quote: ${raw}`);
      return raw.slice(1, -1).replace(/''/g, "'");
    }
    if (raw.startsWith('"')) return JSON.parse(raw) as string;
    if (/^[[{|>!%@`]/.test(raw)) fail(`not understood here: ${raw}`);
    if (raw === 'true' || raw === 'false') return raw === 'true';
    return raw === 'null' || raw === '~' ? null : raw;
  }

  /** A flow sequence starting on the current line, over as many lines as its brackets take. */
  function flow(first: string): YamlValue[] {
    let source = first;
    const depth = (s: string) => {
      let n = 0;
      let quote: string | null = null;
      for (const ch of s) {
        if (quote !== null) quote = ch === quote ? null : quote;
        else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === '[') n += 1;
        else if (ch === ']') n -= 1;
      }
      return n;
    };
    at += 1;
    while (depth(source) > 0) {
      const next = lines[at] ?? fail('unclosed [');
      source += ` ${next.text}`;
      at += 1;
    }
    const items: YamlValue[] = [];
    let i = 1;
    const end = source.lastIndexOf(']');
    if (source.slice(end + 1).trim() !== '') fail(`text after ]: ${source}`);
    while (i < end) {
      while (source[i] === ' ' || source[i] === ',') i += 1;
      if (i >= end) break;
      let j = i + 1;
      if (source[i] === '"') {
        while (j < end && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
        j += 1;
      } else if (source[i] === "'") {
        // '' is a quote inside single quotes.
        while (j < end && (source[j] !== "'" || source[j + 1] === "'")) j += source[j] === "'" ? 2 : 1;
        j += 1;
      } else {
        while (j < end && source[j] !== ',') j += 1;
      }
      const item = source.slice(i, j).trim();
      if (item.startsWith('[') || item.startsWith('{')) fail('nested flow collections');
      items.push(scalar(item));
      i = j;
    }
    return items;
  }

  /**
   * The value after `key:` or `- `, on the same line or in the block below it; the current line is the one with
   * the key or dash, and the lines the value takes are consumed.
   */
  function value(rest: string, parentIndent: number): YamlValue {
    let anchor: string | null = null;
    let text = rest;
    if (text.startsWith('&')) {
      const [name = '', ...tail] = text.slice(1).split(' ');
      anchor = name;
      text = tail.join(' ').trim();
    }
    let result: YamlValue;
    if (text === '') {
      at += 1;
      const next = lines[at];
      if (next !== undefined && (next.indent > parentIndent || (next.indent === parentIndent && isItem(next.text)))) {
        result = node(next.indent);
      } else {
        result = null;
      }
    } else if (text.startsWith('*')) {
      result = anchors.get(text.slice(1)) ?? fail(`unknown alias ${text}`);
      at += 1;
    } else if (text.startsWith('[')) {
      result = flow(text);
    } else {
      result = scalar(text);
      at += 1;
    }
    if (anchor !== null) anchors.set(anchor, result);
    return result;
  }

  function node(indent: number): YamlValue {
    const line = lines[at] ?? fail('a value is missing');
    if (line.text.startsWith('[')) return flow(line.text);
    return isItem(line.text) ? sequence(indent) : mapping(indent);
  }

  function mapping(indent: number): YamlMap {
    const own: YamlMap = {};
    const merged: YamlMap[] = [];
    for (let line = lines[at]; line !== undefined && line.indent === indent && !isItem(line.text); line = lines[at]) {
      const match = KEY.exec(line.text) ?? fail(`not a key: value line: ${line.text}`);
      const key = match[1] ?? '';
      const rest = match[2] ?? '';
      const result = value(rest, indent);
      if (key === '<<') {
        if (result === null || typeof result !== 'object' || Array.isArray(result)) fail('<< takes a mapping');
        merged.push(result as YamlMap);
      } else {
        if (key in own) fail(`duplicate key ${key}`);
        own[key] = result;
      }
    }
    const next = lines[at];
    if (next !== undefined && next.indent > indent) fail('unexpected indentation');
    // Keys of the mapping itself win over merged ones, wherever the << stands.
    return Object.assign({}, ...merged.reverse(), own) as YamlMap;
  }

  function sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = lines[at]; line !== undefined && line.indent === indent && isItem(line.text); line = lines[at]) {
      const content = line.text.slice(1).trimStart();
      if (content === '') {
        items.push(value('', indent));
      } else if (KEY.test(content)) {
        // `- key: value` opens a mapping whose keys line up with this first one.
        lines[at] = { ...line, indent: indent + line.text.length - content.length, text: content };
        items.push(mapping(indent + line.text.length - content.length));
      } else {
        items.push(value(content, indent));
      }
    }
    return items;
  }

  if (lines.length === 0) return {};
  const root = mapping(0);
  if (at < lines.length) fail('text after the document');
  return root;
}
