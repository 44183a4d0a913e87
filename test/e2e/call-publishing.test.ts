/**
 * Publishing settings that change what goes on the wire: simulcast layers
 * picked by the receiver's maxQuality, an audio bitrate cap, the Opus frame
 * duration, and the source's capture rate (what the encoder keeps of it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, rms, tone, toneAmplitude, zeroCrossingFrequency } from '../helpers/audio';
import { waitFor } from '../helpers/process';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { CustomAudioSource, CustomAudioTrack, Daily, type VideoFrame } from './helpers/sdk';

let server: TestServer;
let url: string;
const bots: Bot[] = [];
const writers: { stop(): void }[] = [];

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'publishing');
}, 30_000);

afterAll(async () => {
  for (const w of writers) w.stop();
  for (const bot of bots) await bot.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

function bot(name: string): Bot {
  const b = new Bot(name);
  bots.push(b);
  return b;
}

describe('simulcast', () => {
  it('the receiver picks a layer with maxQuality', async () => {
    const camera = Daily.createCameraDevice('cam-sim', 640, 480);
    // Changing pictures, so that every layer carries real video.
    let n = 0;
    const frame = Buffer.alloc(640 * 480 * 4);
    const timer = setInterval(() => {
      n++;
      for (let i = 0; i < frame.length; i += 4) {
        frame[i] = (i / 4 + n * 7) & 0xff;
        frame[i + 1] = ((i / 4) >> 8) & 0xff;
        frame[i + 2] = n & 0xff;
        frame[i + 3] = 255;
      }
      camera.writeFrame(frame);
    }, 66);
    writers.push({ stop: () => clearInterval(timer) });
    const sender = bot('Sender');
    await sender.client.join(url, {
      clientSettings: {
        inputs: { microphone: false, camera: { isEnabled: true, settings: { deviceId: 'cam-sim' } } },
        publishing: {
          camera: { sendSettings: { encodings: { low: { maxBitrate: 200_000 }, high: { maxBitrate: 1_500_000 } } } },
        },
      },
    });
    const receiver = bot('Receiver');
    await receiver.client.updateSubscriptionProfiles({
      base: { camera: { subscriptionState: 'subscribed', settings: { maxQuality: 'low' } } },
    });
    let last: VideoFrame | undefined;
    receiver.client.setVideoRenderer(sender.id, (_id, frame) => (last = frame));
    await receiver.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    await waitFor('the low layer (320x240)', () => last?.width === 320 && last.height === 240, 30_000);
    await receiver.client.updateSubscriptionProfiles({
      base: { camera: { subscriptionState: 'subscribed', settings: { maxQuality: 'high' } } },
    });
    // Two layers: "high" is the second one.
    await waitFor('the high layer (640x480)', () => last?.width === 640 && last.height === 480, 30_000);
  });
});

describe('audio bitrate', () => {
  it('a cap lowers what the microphone sends', async () => {
    const mic = Daily.createMicrophoneDevice('mic-rate', { sampleRate: 48000 });
    // A rich signal (several tones) so that Opus uses the bitrate it is given.
    const t = [tone(300, 60_000, 48000, 0.2), tone(1700, 60_000, 48000, 0.2), tone(5300, 60_000, 48000, 0.2)];
    const mix = new Int16Array(t[0]!.length).map((_, i) => t[0]![i]! + t[1]![i]! + t[2]![i]!);
    mic.writeFrames(mix).catch(() => undefined);
    const speaker = bot('Speaker');
    await speaker.client.join(url, {
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'mic-rate' } } },
      },
    });
    const rate = async (): Promise<number> => {
      const from = speaker.mark;
      await speaker.waitEvent('network-stats-updated', () => true, 10_000, from);
      const [stats] = await speaker.waitEvent('network-stats-updated', () => true, 10_000, speaker.mark);
      return stats.stats.latest.sendBitsPerSecond;
    };
    const before = await rate();
    expect(before).toBeGreaterThan(30_000);
    await speaker.client.updatePublishing({ microphone: { sendSettings: { bitrate: 12_000 } } });
    // Opus at 12 kbit/s plus RTP header bytes at 100 packets/s (10 ms frames).
    const after = await rate();
    expect(after).toBeLessThan(before - 8000);
    expect(after).toBeLessThan(36_000);
  });
});

/** Packets per second the client's send connection puts on the wire for audio (engine stats, 2 s apart). */
async function audioPacketRate(client: Bot['client']): Promise<number> {
  type Pc = { getStats(): Promise<{ outbound: Array<{ kind: string; packetsSent?: number }> }> };
  const pc = (client as unknown as { media: { publisher: { connection: Pc } } }).media.publisher.connection;
  const sent = async (): Promise<number> =>
    (await pc.getStats()).outbound.filter((o) => o.kind === 'audio').reduce((n, o) => n + (o.packetsSent ?? 0), 0);
  const n0 = await sent();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 2000));
  return ((await sent()) - n0) / ((performance.now() - t0) / 1000);
}

describe('Opus frame duration', () => {
  it('10 ms frames by default (100 packets/s), 20 ms when asked (50/s), heard either way', async () => {
    const mic = Daily.createMicrophoneDevice('mic-frames', { sampleRate: 16000 });
    mic.writeFrames(tone(440, 60_000, 16000, 0.3)).catch(() => undefined);
    const speaker = bot('Framed');
    await speaker.client.join(url, {
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'mic-frames' } } },
      },
    });
    const listener = bot('Listener');
    await listener.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    const id = speaker.client.participants().local.id;
    let loud = 0;
    listener.client.setAudioRenderer(id, (_p, data) => {
      const pcm = new Int16Array(data.audioFrames.buffer, data.audioFrames.byteOffset, data.audioFrames.length / 2);
      if (Math.max(...pcm.map(Math.abs)) > 5000) loud++;
    });
    await waitFor('the listener to hear 10 ms frames', () => loud > 20, 15_000);
    const tenMs = await audioPacketRate(speaker.client);
    expect(tenMs).toBeGreaterThan(90);
    expect(tenMs).toBeLessThan(110);

    await speaker.client.updatePublishing({ microphone: { sendSettings: { frameDurationMs: 20 } } });
    // Renegotiation takes a moment; the rate settles within a few 2 s windows.
    let twentyMs = await audioPacketRate(speaker.client);
    for (let i = 0; i < 5 && Math.abs(twentyMs - 50) >= 8; i++) twentyMs = await audioPacketRate(speaker.client);
    expect(twentyMs).toBeGreaterThan(42);
    expect(twentyMs).toBeLessThan(58);
    loud = 0;
    await waitFor('the listener to hear 20 ms frames', () => loud > 20, 15_000);
  });

  it('refuses a duration Opus cannot send, naming the field', () => {
    const b = bot('Bad frames');
    expect(() =>
      // @ts-expect-error 15 ms is not an Opus frame duration
      b.client.updatePublishing({ microphone: { sendSettings: { frameDurationMs: 15 } } }),
    ).toThrow('publishingSettings.microphone.sendSettings.frameDurationMs: must be one of 10, 20, 40, 60 (ms), got 15');
  });
});

/** One second of `client`'s rendering of `participantId`'s `source` at `sampleRate`, from when it is loud. */
async function renderedSecond(
  client: Bot['client'],
  participantId: string,
  source: string,
  sampleRate: number,
): Promise<Float64Array> {
  const chunks: Buffer[] = [];
  let frames = 0;
  const stream = client.audioFrames(participantId, { source, sampleRate, intervalMs: 20 });
  const timer = setTimeout(() => void stream.return(), 20_000);
  try {
    for await (const frame of stream) {
      const data = frame.audioData.audioFrames;
      if (frames === 0 && rms(channelSamples(data)) < 0.03) continue;
      frames += frame.audioData.numAudioFrames;
      if (frames > sampleRate / 5) chunks.push(Buffer.from(data)); // after 200 ms of settling
      if (frames >= sampleRate * 1.2) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.return();
  }
  return channelSamples(Buffer.concat(chunks));
}

describe('capture rate', () => {
  // A 16 kHz source is encoded at 16 kHz (no resampling up to 48 kHz first); a
  // 48 kHz one must keep its whole band.
  it('a 48 kHz custom track keeps a 12 kHz tone; a 16 kHz microphone is heard at its pitch up to 7 kHz', async () => {
    const wide = new CustomAudioSource(48000, 1);
    wide.writeFrames(tone(12_000, 60_000, 48000, 0.3)).catch(() => undefined);
    const narrow = Daily.createMicrophoneDevice('mic-16k', { sampleRate: 16000 });
    narrow.writeFrames(tone(7000, 60_000, 16000, 0.3)).catch(() => undefined);
    const wideBot = bot('Wideband');
    await wideBot.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    await wideBot.client.addCustomAudioTrack('wide', new CustomAudioTrack(wide));
    const narrowBot = bot('Narrowband');
    await narrowBot.client.join(url, {
      clientSettings: {
        inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'mic-16k' } } },
      },
    });
    const listener = bot('Rate listener');
    await listener.client.join(url, {
      clientSettings: { inputs: { camera: false, microphone: false } },
    });
    const wideHeard = await renderedSecond(listener.client, wideBot.id, 'wide', 48000);
    expect(Math.abs(zeroCrossingFrequency(wideHeard, 48000) - 12_000)).toBeLessThan(100);
    expect(toneAmplitude(wideHeard, 12_000, 48000)).toBeGreaterThan(0.15);
    const narrowHeard = await renderedSecond(listener.client, narrowBot.id, 'microphone', 16000);
    expect(Math.abs(zeroCrossingFrequency(narrowHeard, 16000) - 7000)).toBeLessThan(70);
    // Written at 0.3; Opus keeps about 0.16 of a 7 kHz tone with 16 kHz input, about 0.10 when the
    // track was resampled to 48 kHz first (DAILY_NODE_ENGINE_OPUS_AT_CAPTURE_RATE=0).
    expect(toneAmplitude(narrowHeard, 7000, 16000)).toBeGreaterThan(0.13);
  });
});
