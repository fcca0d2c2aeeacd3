/**
 * Test helper: parses markdown as CommonMark (what mdast-util-from-markdown does) and lists what a
 * reader's renderer would build from it, so tests can assert that card text stayed text.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

export interface MarkdownFacts {
  html: string[];
  links: string[];
  images: string[];
  /** Text outside code, concatenated per text node. */
  text: string[];
  code: string[];
  headings: number;
  emphasis: number;
}

export function markdownFacts(markdown: string): MarkdownFacts {
  const facts: MarkdownFacts = { html: [], links: [], images: [], text: [], code: [], headings: 0, emphasis: 0 };
  const visit = (node: MdNode): void => {
    switch (node.type) {
      case 'html':
        facts.html.push(node.value ?? '');
        break;
      case 'link':
        facts.links.push(node.url ?? '');
        break;
      case 'image':
        facts.images.push(node.url ?? '');
        break;
      case 'text':
        facts.text.push(node.value ?? '');
        break;
      case 'inlineCode':
      case 'code':
        facts.code.push(node.value ?? '');
        break;
      case 'heading':
        facts.headings++;
        break;
      case 'emphasis':
      case 'strong':
        facts.emphasis++;
        break;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(fromMarkdown(markdown) as unknown as MdNode);
  return facts;
}

/** GitHub's mention shape: `@` not preceded by a word character, then a name (and maybe `/team`). */
export const PINGING_MENTION = /(?<![A-Za-z0-9_`])@[A-Za-z0-9][A-Za-z0-9-]*/;
