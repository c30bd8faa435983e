import { List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The consent document's Markdown as React elements: headings, paragraphs, bulleted and numbered lists, bold and
 * italics. Everything else shows as the text it is. No HTML from the document ever reaches the page, so a
 * document cannot carry a script or a link elsewhere.
 */
export function Markdown({ source }: { source: string }) {
  return <>{blocksOf(source).map((block, i) => renderBlock(block, i))}</>;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

function blocksOf(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (line.trim() === '') {
      endParagraph();
    } else if (heading) {
      endParagraph();
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]!.trim() });
    } else if (item) {
      endParagraph();
      const ordered = NUMBERED.test(line);
      const last = blocks.at(-1);
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item[1]!);
      else blocks.push({ kind: 'list', ordered, items: [item[1]!] });
    } else {
      const last = blocks.at(-1);
      // A wrapped line under a list item continues that item.
      if (paragraph.length === 0 && last?.kind === 'list' && /^\s+/.test(line))
        last.items[last.items.length - 1] += ` ${line.trim()}`;
      else paragraph.push(line.trim());
    }
  }
  endParagraph();
  return blocks;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.kind) {
    case 'heading':
      // The page's own title is the h1; the document's headings sit below it.
      return (
        <Title key={key} order={Math.min(block.level + 1, 6) as 2 | 3 | 4 | 5 | 6} size="h4" mt="sm">
          {inline(block.text)}
        </Title>
      );
    case 'paragraph':
      return <Text key={key}>{inline(block.text)}</Text>;
    case 'list':
      return (
        <List key={key} type={block.ordered ? 'ordered' : 'unordered'} spacing={4} pr="sm">
          {block.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a document's items have no identity but their place
            <List.Item key={i}>{inline(item)}</List.Item>
          ))}
        </List>
      );
  }
}

/** `**bold**` and `*italic*` / `_italic_`; anything else is plain text. */
function inline(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push(
      match[1] !== undefined ? (
        <strong key={match.index}>{match[1]}</strong>
      ) : (
        <em key={match.index}>{match[2] ?? match[3]}</em>
      ),
    );
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
