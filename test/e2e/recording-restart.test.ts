/**
 * A server killed mid-recording (as a crash would) and started again on the
 * same data folder: the recording it left in progress ends as `finished`
 * with the duration its file really holds, and the file plays.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../../server/src/janus/free-port';
import { runServerCli } from '../../server/test/helpers/server-cli';
import { tempDataDir } from '../../server/test/helpers/server-fixture';
import { waitFor } from '../helpers/process';
import { Bot } from './helpers/bot';
import { frameWriter } from './helpers/media';
import { probe } from './helpers/media-file';
import { Daily } from './helpers/sdk';

const KEY = 'rec-crash-key';
let child: ChildProcess | undefined;
let bot: Bot | undefined;
const writers: { stop(): void }[] = [];

beforeAll(async () => {
  await Daily.init();
});

afterAll(async () => {
  for (const w of writers) w.stop();
  await bot?.client.release().catch(() => undefined);
  child?.kill('SIGKILL');
  await Daily.deinit();
});

async function rest(base: string, method: string, urlPath: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return res.json();
}

function secondsIn(file: string): number {
  try {
    return probe(file).durationS;
  } catch {
    return 0;
  }
}

describe('server killed while recording', () => {
  it('ends the recording as finished with the duration its file holds', async () => {
    const port = await freePort();
    const dataDir = tempDataDir();
    child = await runServerCli(port, dataDir, KEY);
    const base = `http://127.0.0.1:${port}`;
    await rest(base, 'POST', '/v1/rooms', { name: 'crash-rec', properties: { enable_recording: 'cloud' } });
    const { token } = await rest(base, 'POST', '/v1/meeting-tokens', { properties: { is_owner: true } });
    const camera = Daily.createCameraDevice('crash-cam', 320, 240);
    writers.push(frameWriter((f) => camera.writeFrame(f), 320, 240, [200, 40, 40]));
    bot = new Bot('owner');
    await bot.client.join(`${base}/crash-rec`, {
      meetingToken: token,
      clientSettings: {
        inputs: { camera: { isEnabled: true, settings: { deviceId: 'crash-cam' } }, microphone: false },
      },
    });
    const streamId = await bot.client.startRecording({
      streamingSettings: { video: { width: 320, height: 180, fps: 10 } },
    });
    const [status] = await bot.waitEvent('recording-started', (s) => s.streamId === streamId, 10_000);
    const file = path.join(dataDir, 'recordings', `${status.recordingId}.mp4`);
    await waitFor('3 s in the file', () => fs.existsSync(file) && secondsIn(file) >= 3, 20_000);

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const before = await rest(base, 'GET', '/v1/recordings').catch(() => null);
    expect(before).toBeNull();
    child = await runServerCli(port, dataDir, KEY);
    const held = secondsIn(file);
    const r = await rest(base, 'GET', `/v1/recordings/${status.recordingId}`);
    expect(r).toMatchObject({ status: 'finished', error: null });
    expect(Math.abs(r.duration - held)).toBeLessThanOrEqual(1);
    expect(held).toBeGreaterThanOrEqual(3);
    expect(
      probe(file)
        .streams.map((s) => s.codec_name)
        .sort(),
    ).toEqual(['aac', 'h264']);
  });
});
