/**
 * Malformed frames on the engine channel, property-based (fast-check,
 * seeded: see server/test/helpers/fuzz.ts): garbage bytes, headers with a bad
 * magic or kind, well-framed requests with any JSON (unknown methods, real
 * methods with wrong data, deep and long values) and data frames with wrong
 * headers. The engine must answer every framed request, report what it
 * cannot read, keep running and keep serving, with bounded memory.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Daily } from '../../src';
import { engineHost } from '../../src/engine/engine-host';
import { anyJson, fuzzParams } from '../../server/test/helpers/fuzz';
import { isProcessAlive } from '../helpers/process';

const MAGIC = 0x4e44;
const METHODS = [
  'debug.echo',
  'pc.create',
  'pc.close',
  'pc.setRemoteDescription',
  'audio.source.create',
  'audio.source.write',
  'audio.renderer.start',
  'audio.speaker.read',
  'video.createRenderer',
  'engine.setLogLevel',
  'no.such.method',
  '',
  '__proto__',
];

function frame(kind: number, json: Buffer, binary: Buffer = Buffer.alloc(0), magic = MAGIC): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16LE(magic, 0);
  header.writeUInt8(kind, 2);
  header.writeUInt32LE(json.length, 4);
  header.writeUInt32LE(binary.length, 8);
  return Buffer.concat([header, json, binary]);
}

/** Bytes that cannot be mistaken for the start of a frame (no magic), so the reader can resynchronise. */
const garbage = fc
  .uint8Array({ minLength: 1, maxLength: 300 })
  .map((b) => Buffer.from(b.map((x) => (x === 0x44 ? 0x45 : x))));

/**
 * Request ids the SDK never uses. The channel numbers its own requests from 1
 * up and trusts the engine's answer for them, so a fuzzed request carrying the
 * id of a live `debug.echo` would be the test forging the SDK's own request
 * (its answer settles the echo). Non-negative integers are moved below zero.
 */
function foreignId(id: unknown): unknown {
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? -1 - id : id;
}

const framedRequest = fc
  .record({
    id: fc.oneof(fc.integer(), anyJson()).map(foreignId),
    method: fc.oneof(fc.constantFrom(...METHODS), fc.string()),
    data: anyJson(),
  })
  .map((r) => frame(1, Buffer.from(JSON.stringify(r))));
const framedJunk = fc
  .record({
    kind: fc.integer({ min: 0, max: 255 }),
    json: fc.string({ maxLength: 200 }),
    binary: fc.uint8Array({ maxLength: 200 }),
  })
  .filter((f) => f.kind !== 2 && f.kind !== 3 && f.kind !== 4)
  .map((f) => frame(f.kind, Buffer.from(f.json), Buffer.from(f.binary)));
const badMagic = fc
  .uint8Array({ minLength: 0, maxLength: 64 })
  .map((b) => frame(1, Buffer.from(b), Buffer.alloc(0), 0x4f44));

const anyFrame = fc.oneof(garbage, framedRequest, framedJunk, badMagic);

let pid: number;

beforeAll(async () => {
  ({ pid } = await Daily.init());
});
afterAll(() => Daily.deinit());

describe('engine channel fuzz', () => {
  it('survives any malformed input: still serving, same process, bounded memory', async () => {
    const channel = engineHost.channel!;
    let channelErrors = 0;
    channel.onChannelError(() => channelErrors++);
    const { seed, numRuns } = fuzzParams('engine channel frames', 2000);
    const rssBefore = engineRssKb(pid);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anyFrame, { minLength: 1, maxLength: 5 }), async (frames) => {
        for (const f of frames) channel.sendRaw(f);
        sent += frames.length;
        // Every few batches, the engine must still answer (after the garbage, in order).
        if (sent % 50 < frames.length) {
          const echo = await channel.request('debug.echo', { value: sent }, { timeoutMs: 5000 });
          expect(echo.value).toBe(sent);
        }
      }),
      { seed, numRuns },
    );
    expect((await channel.request('debug.echo', { value: 'end' })).value).toBe('end');
    expect(isProcessAlive(pid)).toBe(true);
    expect(engineHost.channel?.info?.pid).toBe(pid);
    const rssAfter = engineRssKb(pid);
    console.log(
      `[fuzz] engine: ${sent} frames, ${channelErrors} channel errors reported, RSS ${rssBefore} -> ${rssAfter} KiB`,
    );
    expect(channelErrors).toBeGreaterThan(0);
    expect(rssAfter - rssBefore).toBeLessThan(64 * 1024);
  }, 300_000);
});

function engineRssKb(p: number): number {
  const status = readFileSync(`/proc/${p}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}
