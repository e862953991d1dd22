/**
 * Whether to colour output for a stream: Node's own tty `hasColors()`, which honours NO_COLOR,
 * FORCE_COLOR, NODE_DISABLE_COLORS and TERM=dumb. A pipe or a file is never coloured.
 */
export function colorFor(stream: NodeJS.WritableStream & { isTTY?: boolean; hasColors?: () => boolean }): boolean {
  return !!stream.isTTY && typeof stream.hasColors === 'function' && stream.hasColors();
}
