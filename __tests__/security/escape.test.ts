import {
  codeSpan,
  escapeAnnotation,
  escapeLogText,
  escapeMarkdownText,
  nonAsciiCodePoints,
  revealHidden,
  stripControl,
  truncate
} from '../../src/report/escape.js';
import { markdownFacts, PINGING_MENTION } from './markdown-check.js';

/** Renders `text` in a paragraph and returns what a reader sees as plain text. */
const shown = (markdown: string): string => markdownFacts(markdown).text.join('');

describe('escapeMarkdownText', () => {
  it('lets no raw HTML through', () => {
    const out = escapeMarkdownText('<img src=x onerror=alert(1)> & <script>x</script>');
    expect(out).not.toMatch(/[<>]/);
    const facts = markdownFacts(`Value: ${out}`);
    expect(facts.html).toEqual([]);
    expect(shown(`Value: ${out}`)).toBe('Value: <img src=x onerror=alert(1)> & <script>x</script>');
  });

  it('cannot close or open our <details> block', () => {
    const out = escapeMarkdownText('</details></summary><details open>');
    const page = `<details>\n<summary>Findings</summary>\n\n- ${out}\n\n</details>\n`;
    // Only our own three tags are HTML.
    expect(markdownFacts(page).html).toEqual(['<details>\n<summary>Findings</summary>', '</details>']);
  });

  it('shows a card-supplied entity literally instead of decoding it', () => {
    expect(shown(escapeMarkdownText('&#64;everyone &lt;b&gt;'))).toBe('&#64;everyone &lt;b&gt;');
  });

  it.each(['@everyone', '@github/security', 'ping @octocat now', '(@x)', '@@double'])('does not let %s ping', (value) => {
    const out = escapeMarkdownText(value);
    const text = shown(out);
    expect(text).not.toMatch(PINGING_MENTION);
    // A reader still sees the @ and the name (joined by an invisible zero-width space).
    expect(text.replace(/\u200B/g, '')).toBe(value);
  });

  it('leaves issue references and commit SHAs alone', () => {
    expect(escapeMarkdownText('fixes #123 in 0123456789abcdef0123456789abcdef01234567')).toBe(
      'fixes #123 in 0123456789abcdef0123456789abcdef01234567'
    );
  });

  it.each([
    '[click](javascript:alert(1))',
    '![](http://tracker.example/pixel.png)',
    '[x][ref]\n\n[ref]: http://evil.example',
    '<http://evil.example>',
    '[^1]'
  ])('injects no link or image from %j', (value) => {
    const facts = markdownFacts(escapeMarkdownText(value));
    expect(facts.links).toEqual([]);
    expect(facts.images).toEqual([]);
  });

  it('injects no emphasis, heading, list or code', () => {
    for (const value of ['**bold** _em_ `code` ~~del~~', '# heading', '- item', '1. item', '  ## x', '===', '+ y', '3) z']) {
      const out = escapeMarkdownText(value);
      const facts = markdownFacts(out);
      expect({ value, emphasis: facts.emphasis, headings: facts.headings, code: facts.code }).toEqual({
        value,
        emphasis: 0,
        headings: 0,
        code: []
      });
      expect(shown(out)).toBe(value.trimStart()); // a paragraph drops leading spaces
      expect(markdownFacts(`Intro\n\n${out}`).headings).toBe(0);
    }
  });

  it('escapes pipes so a table keeps its columns', () => {
    const out = escapeMarkdownText('a | b || c');
    expect(out).toBe('a \\| b \\|\\| c');
  });

  it('folds line breaks so text stays on one line', () => {
    const out = escapeMarkdownText('one\ntwo\r\nthree\rfour\u2028five\u2029six\u0085seven\teight');
    expect(out).not.toMatch(/[\r\n\u2028\u2029\u0085\t]/);
    expect(out).toBe('one two three four five six seven eight');
  });

  it('shows control, bidi and invisible characters as \\u{…}', () => {
    const out = escapeMarkdownText('abc\u202Egpj.exe\u200B\u0007\uFEFF\u00AD\u2066x\u2069');
    expect(out).not.toMatch(/[\u202E\u200B\u0007\uFEFF\u00AD\u2066\u2069]/);
    expect(shown(out)).toBe('abc\\u{202E}gpj.exe\\u{200B}\\u{0007}\\u{FEFF}\\u{00AD}\\u{2066}x\\u{2069}');
  });

  it('truncates long values with an ellipsis, configurably, without splitting a surrogate pair', () => {
    expect(escapeMarkdownText('x'.repeat(5000))).toHaveLength(1000);
    expect(escapeMarkdownText('x'.repeat(5000)).endsWith('…')).toBe(true);
    expect(escapeMarkdownText('abcdef', { maxLength: 4 })).toBe('abc…');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
    expect(escapeMarkdownText('short', { maxLength: 0 })).toBe('short');
  });

  it('turns lone surrogates into U+FFFD and tolerates non-strings', () => {
    expect(escapeMarkdownText('a\uD800b')).toBe('a\uFFFDb');
    expect(escapeMarkdownText(42 as unknown as string)).toBe('42');
  });
});

describe('codeSpan', () => {
  it('fences content with more backticks than any run inside, padded with spaces', () => {
    expect(codeSpan('apache-2.0')).toBe('` apache-2.0 `');
    expect(codeSpan('a`b')).toBe('`` a`b ``');
    expect(codeSpan('```x``')).toBe('```` ```x`` ````');
    for (const value of ['`', '``', 'a`', '`a', ' ` ', 'x ``` y', 'a\\`b']) {
      const facts = markdownFacts(`Value ${codeSpan(value, { table: false })} end`);
      expect(facts.code).toEqual([value]);
    }
  });

  it('never contains a line break', () => {
    const out = codeSpan('line1\nline2\r\n</details>\n# x');
    expect(out).not.toMatch(/[\r\n]/);
    expect(markdownFacts(out).code).toEqual(['line1 line2 </details> # x']);
  });

  it('keeps HTML, mentions and links inert inside code', () => {
    const value = '<img src=x onerror=alert(1)> @everyone [a](javascript:x)';
    const facts = markdownFacts(`x ${codeSpan(value, { table: false })}`);
    expect(facts.html).toEqual([]);
    expect(facts.links).toEqual([]);
    expect(facts.code).toEqual([value]);
  });

  it('escapes pipes for tables unless told it is not in one', () => {
    expect(codeSpan('a|b')).toBe('` a\\|b `');
    expect(codeSpan('a|b', { table: false })).toBe('` a|b `');
  });

  it('shows hidden characters and truncates', () => {
    expect(codeSpan('\u202Eabc')).toBe('` \\u{202E}abc `');
    expect(codeSpan('y'.repeat(500))).toBe('` ' + 'y'.repeat(199) + '… `');
    expect(codeSpan('')).toBe('_(empty)_');
  });
});

describe('escapeAnnotation', () => {
  it('encodes % CR LF so a value cannot start a new workflow command', () => {
    const out = escapeAnnotation('bad\n::add-mask::x\r\n::stop-commands::tok\n100%');
    expect(out).toBe('bad%0A::add-mask::x%0D%0A::stop-commands::tok%0A100%25');
    expect(out).not.toMatch(/[\r\n]/);
  });

  it('encodes : and , for property values', () => {
    expect(escapeAnnotation('a,b::c%\n', { property: true })).toBe('a%2Cb%3A%3Ac%25%0A');
  });

  it('treats other line separators as line breaks and shows hidden characters', () => {
    expect(escapeAnnotation('a\u2028::error::x\u0085b\u202E')).toBe('a%0A::error::x%0Ab\\u{202E}');
  });
});

describe('escapeLogText', () => {
  it('keeps card text on one line and never begins a workflow command', () => {
    expect(escapeLogText('x\n::add-mask::secret')).toBe('x ::add-mask::secret');
    expect(escapeLogText('::error::fake')).toBe('\\u{003A}:error::fake');
    expect(escapeLogText('  ##[set-output name=a;]b')).toBe('  \\u{0023}#[set-output name=a;]b');
    expect(escapeLogText('a: b')).toBe('a: b');
  });
});

describe('stripControl', () => {
  it('removes controls and invisible or bidi characters, keeping \\n and \\t', () => {
    const hostile = 'a\u0000b\u0007c\u001Bd\u007Fe\u0080f\u009Fg\tTab\nNL\r\n';
    expect(stripControl(hostile)).toBe('abcdefg\tTab\nNL\n');
    const invisible =
      '\u00AD\u061C\u180E\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\uFEFF\u{E0041}\u3164';
    expect(stripControl(`x${invisible}y`)).toBe('xy');
    expect(stripControl('p\u2028q\u2029r')).toBe('p\nq\nr');
  });

  it('keeps ordinary text, accents, CJK and emoji', () => {
    const text = 'Modèle 模型 🚀 — ok';
    expect(stripControl(text)).toBe(text);
    expect(revealHidden(text)).toBe(text);
  });
});

describe('nonAsciiCodePoints', () => {
  it('points out look-alike letters in an id', () => {
    expect(nonAsciiCodePoints('\u0430pache-2.0')).toEqual(['U+0430']);
    expect(nonAsciiCodePoints('apache-2.0')).toEqual([]);
  });
});

describe('escapeMarkdownText and bare addresses', () => {
  it('breaks the autolink pattern so GitHub shows the address as text, not a link with backslashes', () => {
    const out = escapeMarkdownText('See https://ai.google.dev/gemma/prohibited_use_policy) or www.example.org.');
    expect(out).toContain('https\\://ai.google.dev/gemma/prohibited\\_use\\_policy');
    expect(out).toContain('www\\.example.org');
    expect(out).not.toMatch(/https:\/\//);
  });
});
