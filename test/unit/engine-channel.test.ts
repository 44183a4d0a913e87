/**
 * EngineChannel with a fake engine process: the handshake, correlation of
 * answers to requests in any order, error answers as the SDK's error
 * classes, timeouts, and what an engine exit does to pending requests.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { EngineChannel } from '../../src/engine/engine-channel';
import { EngineError, EngineExitedError, InvalidArgumentError, InvalidStateError } from '../../src/errors';
import { answerHandshake, FakeEngineProcess } from './fakes/fake-engine-process';

async function openChannel(): Promise<{ channel: EngineChannel; proc: FakeEngineProcess }> {
  const fake = FakeEngineProcess.factory(answerHandshake);
  const channel = await EngineChannel.open({
    enginePath: '/nowhere/daily-node-engine',
    logLevel: 2,
    processFactory: fake.factory,
  });
  const proc = fake.last();
  proc.onRequest = () => {};
  return { channel, proc };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('EngineChannel (fake engine process)', () => {
  it('completes the handshake with the SDK protocol version and keeps what the engine reported', async () => {
    const { channel, proc } = await openChannel();
    expect(proc.requests[0]).toMatchObject({
      method: 'engine.init',
      data: { protocol: 1, logLevel: 2 },
    });
    expect(channel.info).toMatchObject({ pid: 4242, webrtc: 'fake' });
    expect(channel.alive).toBe(true);
  });

  it('gives each answer to its own request, whatever the order of the answers', async () => {
    const { channel, proc } = await openChannel();
    const first = channel.request('debug.echo', { value: 'first' });
    const second = channel.request('debug.echo', { value: 'second' });
    const [a, b] = proc.requests.slice(-2);
    proc.ok(b!.id, { value: 'answer to second' });
    proc.ok(a!.id, { value: 'answer to first' });
    await expect(first).resolves.toEqual({ value: 'answer to first' });
    await expect(second).resolves.toEqual({ value: 'answer to second' });
  });

  it('rejects invalid-argument and invalid-state answers with the SDK error classes, others with EngineError', async () => {
    const { channel, proc } = await openChannel();
    const bad = channel.request('debug.echo', { delayMs: -1 });
    proc.fail(proc.requests.at(-1)!.id, {
      code: 'invalid-argument',
      message: 'delayMs: must be >= 0',
      field: 'delayMs',
    });
    const err = await bad.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ field: 'delayMs', message: 'delayMs: must be >= 0' });

    const state = channel.request('video.stopRenderer', { rendererId: 'r' });
    proc.fail(proc.requests.at(-1)!.id, { code: 'invalid-state', message: "no renderer 'r'" });
    await expect(state).rejects.toBeInstanceOf(InvalidStateError);

    const internal = channel.request('debug.echo', {});
    proc.fail(proc.requests.at(-1)!.id, { code: 'internal', message: 'boom' });
    await expect(internal).rejects.toMatchObject({ name: 'EngineError', code: 'internal', message: 'boom' });
  });

  it('times a request out and ignores its late answer as a channel error', async () => {
    const { channel, proc } = await openChannel();
    const errors: string[] = [];
    channel.onChannelError((reason) => errors.push(reason));
    vi.useFakeTimers();
    const slow = channel.request('debug.echo', {}, { timeoutMs: 500 });
    vi.advanceTimersByTime(500);
    await expect(slow).rejects.toMatchObject({ code: 'timeout' });
    await expect(slow).rejects.toBeInstanceOf(EngineError);
    proc.ok(proc.requests.at(-1)!.id, { value: 'late' });
    expect(errors).toEqual([expect.stringMatching(/response for no pending request/)]);
  });

  it('rejects every pending request when the engine exits, naming the signal and its last stderr line', async () => {
    const { channel, proc } = await openChannel();
    const exits: unknown[] = [];
    channel.onExit((info) => exits.push(info));
    const pending = [channel.request('debug.echo', {}), channel.request('pc.close', { pcId: 'x' })];
    proc.exit(null, 'SIGSEGV', 'something\nthe last words');
    for (const p of pending) {
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineExitedError);
      expect((err as Error).message).toMatch(
        /killed by SIGSEGV while ".*" was pending \(engine said: .*the last words\)/,
      );
    }
    expect(exits).toEqual([{ code: null, signal: 'SIGSEGV', stderr: 'something\nthe last words' }]);
    expect(channel.alive).toBe(false);
    await expect(channel.request('debug.echo', {})).rejects.toThrow(/before "debug.echo" could be sent/);
  });

  it('fails to open when the engine exits during the handshake', async () => {
    const fake = FakeEngineProcess.factory((proc) => queueMicrotask(() => proc.exit(1, null, 'no libwebrtc')));
    await expect(
      EngineChannel.open({ enginePath: '/x', logLevel: 0, processFactory: fake.factory }),
    ).rejects.toBeInstanceOf(EngineExitedError);
    expect(fake.last().running).toBe(false);
  });
});
