/**
 * A bot farm: several CallClients in one process, each with its own custom
 * track as microphone and its own renderers. Everyone hears each bot at its
 * own frequency, through the right client; their audio send path shares the
 * engine's task lanes instead of a libwebrtc thread per stream and connection.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { channelSamples, tone, zeroCrossingFrequency } from '../helpers/audio';
import { waitFor } from '../helpers/process';
import { descendants } from '../helpers/process-figures';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { measureTone } from './helpers/media';
import { CustomAudioSource, CustomAudioTrack, Daily } from './helpers/sdk';

const FREQUENCIES = [300, 450, 600, 750];
let server: TestServer;
const speakers: Bot[] = [];
let listener: Bot;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  const url = await createRoom(server, 'farm');
  for (const [i, hz] of FREQUENCIES.entries()) {
    const source = new CustomAudioSource(16000, 1);
    source.writeFrames(tone(hz, 120_000, 16000, 0.3)).catch(() => undefined);
    const track = new CustomAudioTrack(source);
    const bot = new Bot(`bot-${i}`);
    speakers.push(bot);
    await bot.client.join(url, {
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { customTrack: { id: track.id } } } },
      },
    });
  }
  listener = new Bot('listener');
  await listener.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
}, 60_000);

afterAll(async () => {
  for (const bot of [...speakers, listener]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

it('the listener hears each bot at its own frequency', async () => {
  for (const [i, bot] of speakers.entries()) {
    const m = await measureTone(listener.client, bot.id, 'microphone', FREQUENCIES[i]!, 400);
    expect(Math.abs(m.frequency - FREQUENCIES[i]!)).toBeLessThan(5);
  }
  expect(listener.client.participantCounts().present).toBe(FREQUENCIES.length + 1);
});

it("each bot's own renderer hears the next bot, delivered to that bot's callback only", async () => {
  const heard = speakers.map(() => ({ frames: [] as Buffer[], ids: new Set<string>() }));
  speakers.forEach((bot, i) => {
    const next = speakers[(i + 1) % speakers.length]!;
    bot.client.setAudioRenderer(
      next.id,
      (id, data) => {
        heard[i]!.ids.add(id);
        heard[i]!.frames.push(data.audioFrames);
      },
      { sampleRate: 16000, callbackIntervalMs: 50 },
    );
  });
  // 1.5 s each, then the last second is measured.
  await waitFor('1.5 s of audio at every bot', () => heard.every((h) => h.frames.length >= 30), 20_000);
  heard.forEach((h, i) => {
    const next = (i + 1) % speakers.length;
    expect([...h.ids]).toEqual([speakers[next]!.id]);
    const hz = zeroCrossingFrequency(channelSamples(Buffer.concat(h.frames.slice(-20))), 16000);
    expect(Math.abs(hz - FREQUENCIES[next]!)).toBeLessThan(5);
  });
});

it("the bots' audio send path runs on the engine's shared task lanes, and libwebrtc's worker is its network thread", () => {
  const engines = descendants(process.pid).filter((p) => p.comm === 'daily-node-engi');
  expect(engines).toHaveLength(1);
  const names = fs
    .readdirSync(`/proc/${engines[0]!.pid}/task`)
    .map((tid) => fs.readFileSync(`/proc/${engines[0]!.pid}/task/${tid}/comm`, 'utf8').trim());
  // Without lanes, 5 clients with 4 microphones hold 4 AudioEncoder and 2 x 10 pacer/controller threads.
  expect(names.filter((n) => /^(AudioEncoder|TaskQueuePacedS|rtp_send_contro)/.test(n))).toEqual([]);
  expect(names.filter((n) => n.startsWith('dn-lane-')).length).toBeGreaterThanOrEqual(1);
  // DAILY_NODE_ENGINE_WORKER=own would add a dn-worker thread beside dn-network.
  expect(names.filter((n) => n === 'dn-network')).toHaveLength(1);
  expect(names).not.toContain('dn-worker');
});
