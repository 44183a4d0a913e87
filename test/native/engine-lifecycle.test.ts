import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

import { Daily, EngineExitedError, LogLevel } from '../../src';
import { engineHost } from '../../src/engine/engine-host';
import { isProcessAlive, waitForProcessGone } from '../helpers/process';

afterEach(async () => {
  await Daily.deinit();
});

describe('engine lifecycle', () => {
  it('completes the handshake and reports a libwebrtc factory with Opus', async () => {
    const info = await Daily.init({ logLevel: LogLevel.Off });
    expect(info.protocol).toBe(1);
    expect(info.pid).toBeGreaterThan(0);
    expect(isProcessAlive(info.pid)).toBe(true);
    expect(info.audioCodecs).toContain('opus');
    expect(info.videoCodecs).toContain('VP8');
    const echo = await engineHost.channel!.request('debug.echo', { value: { hello: 'engine' } });
    expect(echo.value).toEqual({ hello: 'engine' });
  });

  it('leaves no engine process after deinit', async () => {
    const { pid } = await Daily.init();
    await Daily.deinit();
    await waitForProcessGone(pid, 3000);
  });

  it('refuses a second init and accepts init again after deinit', async () => {
    await Daily.init();
    await expect(Daily.init()).rejects.toThrow(/already called/);
    await Daily.deinit();
    const again = await Daily.init();
    expect(isProcessAlive(again.pid)).toBe(true);
  });

  it('rejects bad init options with the field named', async () => {
    // daily-python's worker_threads has no counterpart (one set of libwebrtc threads per engine).
    const withWorkers = { workerThreads: 4 } as never;
    await expect(Daily.init(withWorkers)).rejects.toThrow(/^options\.workerThreads: is not supported/);
    await expect(Daily.init({ logLevel: 42 as LogLevel })).rejects.toThrow(/logLevel/);
  });

  it('leaves no engine process when the parent Node process is killed', async () => {
    const child = spawn(process.execPath, [`${__dirname}/../fixtures/engine-parent.js`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const enginePid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
      child.on('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
    });
    expect(isProcessAlive(enginePid)).toBe(true);
    child.kill('SIGKILL');
    await waitForProcessGone(enginePid, 5000);
  });

  it('fails a pending call with a clear error when the engine is killed, then restarts on next use', async () => {
    const first = await Daily.init();
    const exits: string[] = [];
    const off = Daily.onEngineExit((info) => exits.push(String(info.signal)));
    const channel = engineHost.channel!;
    const pending = channel.request('debug.echo', { value: 1, delayMs: 10_000 });
    process.kill(first.pid, 'SIGKILL');
    const err = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineExitedError);
    expect((err as Error).message).toMatch(/killed by SIGKILL while "debug.echo" was pending/);
    expect(exits).toEqual(['SIGKILL']);
    off();
    const next = await engineHost.ensure();
    expect(next.pid).not.toBe(first.pid);
    expect((await next.request('debug.echo', { value: 2 })).value).toBe(2);
  });
});

describe('engine channel robustness', () => {
  it('rejects malformed frames with an error and keeps serving requests', async () => {
    const { pid } = await Daily.init();
    const channel = engineHost.channel!;
    const errors: string[] = [];
    channel.onChannelError((reason) => errors.push(reason));

    channel.sendRaw(Buffer.from('this is not a frame at all'));
    // A header with a valid magic but an unknown kind and a huge length.
    const badHeader = Buffer.alloc(12);
    badHeader.writeUInt16LE(0x4e44, 0);
    badHeader.writeUInt8(99, 2);
    badHeader.writeUInt32LE(0xffffffff, 4);
    channel.sendRaw(badHeader);
    // A well-framed request whose JSON is broken.
    const json = Buffer.from('{"id": 5, "method": ');
    const header = Buffer.alloc(12);
    header.writeUInt16LE(0x4e44, 0);
    header.writeUInt8(1, 2);
    header.writeUInt32LE(json.length, 4);
    channel.sendRaw(Buffer.concat([header, json]));

    const echo = await channel.request('debug.echo', { value: 'still here' });
    expect(echo.value).toBe('still here');
    expect(errors.some((e) => /bad frame magic/.test(e))).toBe(true);
    expect(errors.some((e) => /unknown frame kind 99/.test(e))).toBe(true);
    expect(errors.some((e) => /not a JSON object/.test(e))).toBe(true);
    expect(isProcessAlive(pid)).toBe(true);
  });

  it('answers unknown methods and bad parameters with errors that name the field', async () => {
    await Daily.init();
    const channel = engineHost.channel!;
    const anyChannel = channel as any;
    await expect(anyChannel.request('no.such.method', {})).rejects.toMatchObject({
      code: 'unknown-method',
      field: 'method',
    });
    await expect(channel.request('debug.echo', { delayMs: -5 })).rejects.toMatchObject({
      code: 'invalid-argument',
      field: 'delayMs',
    });
    await expect(anyChannel.request('engine.setLogLevel', { logLevel: 'loud' })).rejects.toThrow(
      /logLevel: must be a number/,
    );
    expect((await channel.request('debug.echo', { value: 3 })).value).toBe(3);
  });
});
