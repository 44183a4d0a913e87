/** Cuts a byte stream into pieces of one fixed size (video frames, 10 ms of audio). */

/**
 * Calls `onChunk` with each complete `size`-byte piece of what `stream`
 * delivers, in order; a partial piece waits for the next data. What is left
 * when the stream ends (less than one piece) is dropped.
 */
export function onFixedChunks(stream: NodeJS.ReadableStream, size: number, onChunk: (chunk: Buffer) => void): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  stream.on('data', (data: Buffer) => {
    pending.push(data);
    pendingBytes += data.length;
    if (pendingBytes < size) return;
    let all = Buffer.concat(pending);
    while (all.length >= size) {
      onChunk(all.subarray(0, size));
      all = all.subarray(size);
    }
    pending = all.length ? [Buffer.from(all)] : [];
    pendingBytes = all.length;
  });
}
