/**
 * The running engine and the TS protocol (src/engine/protocol) agree: the
 * engine has a handler for every method the SDK may call and no other, was
 * built with the same result keys, events and version, and answers with
 * exactly the declared result keys. The build already fails on most
 * mismatches (generated names, --check-protocol); this catches a stale engine
 * binary and checks real answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Daily, InvalidArgumentError, InvalidStateError } from '../../src';
import type { EngineChannel } from '../../src/engine/engine-channel';
import { engineHost } from '../../src/engine/engine-host';
import { readEngineProtocol, type EngineProtocolSpec } from '../../scripts/lib/engine-protocol-spec.cjs';

let channel: EngineChannel;
let spec: EngineProtocolSpec;

beforeAll(async () => {
  spec = readEngineProtocol();
  await Daily.init();
  channel = engineHost.channel!;
});

afterAll(async () => {
  await Daily.deinit();
});

describe('engine protocol', () => {
  it('registers exactly the methods of the TS protocol, with its result keys', async () => {
    const described = await channel.request('engine.describe', {});
    expect(described.protocol).toBe(spec.version);
    const engineMethods = Object.fromEntries(described.methods.map((m) => [m.method, [...m.resultKeys].sort()]));
    const tsMethods = Object.fromEntries(spec.methods.map((m) => [m.name, m.result.map((k) => k.name).sort()]));
    expect(engineMethods).toEqual(tsMethods);
    expect(spec.methods.length).toBeGreaterThanOrEqual(45);
  });

  it('knows the events and handles the SDK-to-engine data frames of the TS protocol', async () => {
    const described = await channel.request('engine.describe', {});
    expect([...described.events].sort()).toEqual(spec.events);
    expect(described.dataTypes.sort()).toEqual(['video.rendererAck', 'video.sourceFrame']);
    for (const type of described.dataTypes) expect(spec.dataTypes).toContain(type);
  });

  it('answers with the declared result keys', async () => {
    const keysOf = (method: string) =>
      spec.methods
        .find((m) => m.name === method)!
        .result.map((k) => k.name)
        .sort();
    expect(Object.keys(await channel.request('debug.echo', { value: 1 })).sort()).toEqual(keysOf('debug.echo'));
    const info = channel.info;
    expect(Object.keys(info ?? {}).sort()).toEqual(keysOf('engine.init'));
    await channel.request('audio.source.create', {
      sourceId: 'p1',
      sampleRate: 16000,
      channels: 1,
      autoSilence: false,
    });
    expect(Object.keys(await channel.request('audio.source.stats', { sourceId: 'p1' })).sort()).toEqual(
      keysOf('audio.source.stats'),
    );
    await channel.request('audio.source.release', { sourceId: 'p1' });
  });

  it('surfaces invalid-argument and invalid-state answers as the SDK error classes', async () => {
    const badArg = await channel.request('debug.echo', { delayMs: -5 }).catch((e: unknown) => e);
    expect(badArg).toBeInstanceOf(InvalidArgumentError);
    expect(badArg).toMatchObject({ code: 'invalid-argument', field: 'delayMs', message: /^delayMs: / });
    const badState = await channel.request('video.stopRenderer', { rendererId: 'nope' }).catch((e: unknown) => e);
    expect(badState).toBeInstanceOf(InvalidStateError);
    expect(badState).toMatchObject({ code: 'invalid-state' });
  });
});
