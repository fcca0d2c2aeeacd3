/** Folder names a PR author controls: every line terminator and some other controls (issue 10). */
export const ODD_FOLDERS = ['x\ny', 'x\ry', 'x\u2028y', 'x\u2029y', 'x\u0085y', 'x\ty', 'x\u0001y', 'x\u001by'];

/** `text` in UTF-16 with a byte-order mark: little-endian (FF FE) or big-endian (FE FF). */
export function utf16(text: string, order: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (order === 'be') body.swap16();
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}
