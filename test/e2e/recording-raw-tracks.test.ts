/**
 * raw-tracks recording end to end: in a room with `enable_recording:
 * "raw-tracks"` the server's recorder writes one file per participant track.
 * Two bots each send their own camera colour and microphone tone; every file
 * is downloaded through its signed link and holds that bot's colour or tone.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, toneAmplitude, zeroCrossingFrequency } from '../helpers/audio';
import { waitFor, waitForAsync } from '../helpers/process';
import { colourDistance, type Rgb } from '../helpers/video-pixels';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { frameWriter } from './helpers/media';
import { pixelAt, probe } from './helpers/media-file';
import { Daily } from './helpers/sdk';
import { keepPlayingTone } from './helpers/tone-link';

const ROOM = 'raw';
const SENDERS = [
  { name: 'rose', colour: [220, 40, 40] as Rgb, toneHz: 440 },
  { name: 'gus', colour: [40, 200, 40] as Rgb, toneHz: 1000 },
];

let server: TestServer;
const bots: Bot[] = [];
const stops: { stop(): void }[] = [];
let dir: string;

interface TrackView {
  id: string;
  participant_id: string;
  source: string;
  type: 'audio' | 'video';
  size: number;
  download_link?: string;
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-raw-'));
  const url = await createRoom(server, ROOM, { enable_recording: 'raw-tracks' });
  for (const [i, s] of SENDERS.entries()) {
    const camera = Daily.createCameraDevice(`raw-cam-${i}`, 320, 240);
    const mic = Daily.createMicrophoneDevice(`raw-mic-${i}`, { sampleRate: 16000, channels: 1 });
    stops.push(frameWriter((f) => camera.writeFrame(f), 320, 240, s.colour));
    stops.push(keepPlayingTone(mic, s.toneHz));
    const bot = new Bot(s.name);
    bots.push(bot);
    const token = i === 0 ? await meetingToken(server, { is_owner: true, room_name: ROOM }) : undefined;
    await bot.client.join(url, {
      ...(token ? { meetingToken: token } : {}),
      clientSettings: {
        inputs: {
          camera: { isEnabled: true, settings: { deviceId: `raw-cam-${i}` } },
          microphone: { isEnabled: true, settings: { deviceId: `raw-mic-${i}` } },
        },
      },
    });
  }
});

afterAll(async () => {
  for (const s of stops) s.stop();
  for (const b of bots) await b.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Seconds of media in `file` so far (0 before its first whole fragment). */
function secondsIn(file: string): number {
  if (!fs.existsSync(file)) return 0;
  try {
    return probe(file).durationS;
  } catch {
    return 0;
  }
}

/** The strongest of the senders' tones in an audio file, with its level. */
function dominantTone(file: string): { hz: number; level: number } {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1']);
  const samples = channelSamples(pcm).subarray(16000);
  expect(zeroCrossingFrequency(samples, 16000)).toBeGreaterThan(300);
  const levels = SENDERS.map((s) => ({ hz: s.toneHz, level: toneAmplitude(samples, s.toneHz, 16000) }));
  return levels.sort((a, b) => b.level - a.level)[0]!;
}

describe('raw-tracks recording', () => {
  it('writes one file per participant track, each with that participant’s tone or colour', async () => {
    const [rose, gus] = bots as [Bot, Bot];
    const streamId = await rose.client.startRecording();
    const [status] = await gus.waitEvent('recording-started', (s) => s.streamId === streamId, 10_000);
    const service = server.rooms.get(ROOM)!.recordings.rawTracks(streamId)!;
    await waitFor('a file for each of the 4 tracks', () => service.openTracks.length === 4, 15_000);
    await expect(rose.client.updateRecording({ layout: { preset: 'default' } })).rejects.toThrow(
      /raw-tracks recording has no layout/,
    );
    await waitForAsync(
      'two seconds in every track file',
      async () => service.openTracks.every((t) => secondsIn(t.file) >= 2),
      20_000,
    );
    await rose.client.stopRecording();
    await gus.waitEvent('recording-stopped', (id) => id === streamId, 10_000);

    const got = await server.rest('GET', `/v1/recordings/${status.recordingId}`);
    expect(got.body).toMatchObject({ type: 'raw-tracks', status: 'finished' });
    const tracks = (got.body as { tracks: TrackView[] }).tracks;
    const expected = bots.flatMap((b) => [`${b.id}/microphone/audio`, `${b.id}/camera/video`]).sort();
    expect(tracks.map((t) => `${t.participant_id}/${t.source}/${t.type}`).sort()).toEqual(expected);

    const link = (await server.rest('GET', `/v1/recordings/${status.recordingId}/access-link`)).body as {
      tracks: TrackView[];
    };
    for (const t of link.tracks) {
      const res = await fetch(t.download_link!);
      expect(res.status).toBe(200);
      const file = path.join(dir, t.id);
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const sender = SENDERS[bots.findIndex((b) => b.id === t.participant_id)]!;
      const p = probe(file);
      if (t.type === 'audio') {
        expect(p.streams.map((s) => s.codec_name)).toEqual(['aac']);
        expect(dominantTone(file).hz).toBe(sender.toneHz);
      } else {
        expect(p.streams.map((s) => s.codec_name)).toEqual(['h264']);
        expect(p.streams[0]).toMatchObject({ width: 320, height: 240 });
        expect(colourDistance(pixelAt(file, p.durationS - 1, 160, 120), sender.colour)).toBeLessThan(60);
      }
    }
    // A link signs one track: another track's name under it is refused.
    const [a, b] = link.tracks as [TrackView, TrackView];
    expect((await fetch(a.download_link!.replace(`/tracks/${a.id}/`, `/tracks/${b.id}/`))).status).toBe(403);

    expect((await server.rest('DELETE', `/v1/recordings/${status.recordingId}`)).status).toBe(200);
    expect(fs.existsSync(path.join(server.dataDir, 'recordings', status.recordingId))).toBe(false);
  });
});
