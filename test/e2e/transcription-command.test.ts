/**
 * The `command` transcription engine: the server runs a user's executable per
 * transcribed microphone and speaks the documented line protocol with it
 * (16 kHz s16 PCM in, JSON lines out). The executable here is a small
 * energy-based utterance finder (test/fixtures/asr-command.js).
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fliteSpeech } from '../helpers/pcm-signals';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, type VirtualMicrophoneDevice } from './helpers/sdk';

const RATE = 16000;
const FIXTURE = path.join(__dirname, '../fixtures/asr-command.js');

let server: TestServer;
let bot: Bot;
let mic: VirtualMicrophoneDevice;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer({ transcription: { engine: 'command', command: process.execPath, args: [FIXTURE] } });
  const url = await createRoom(server, 'command-asr', { enable_transcription: true });
  mic = Daily.createMicrophoneDevice('command-asr-mic', { sampleRate: RATE, channels: 1 });
  bot = new Bot('speaker');
  await bot.client.join(url, {
    meetingToken: await meetingToken(server, { is_owner: true }),
    clientSettings: {
      inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'command-asr-mic' } } },
    },
  });
});

afterAll(async () => {
  await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('the command engine', () => {
  it('gets 16 kHz PCM and the settings, and its JSON lines become transcription messages', async () => {
    await bot.client.startTranscription({
      settings: { language: 'xx-test', includeRawResponse: true, extra: { label: 'fixture' } },
    });
    const [status] = await bot.waitEvent('transcription-started');
    expect(status.language).toBe('xx-test');
    const pcm = fliteSpeech('hello world this is a test of the meeting server', RATE);
    const spoken = pcm.length / 2 / RATE;
    const speech = Buffer.concat([pcm, Buffer.alloc(RATE * 2)]);
    await mic.writeFrames(new Int16Array(speech.buffer, speech.byteOffset, speech.length / 2));
    const [m] = await bot.waitEvent('transcription-message', () => true, 20_000);
    expect(m.participantId).toBe(bot.id);
    const seconds = Number(/^fixture 1 lasted (\d+\.\d) seconds$/.exec(m.text)?.[1]);
    // The utterance lasts as long as the speech only if the PCM really is 16 kHz.
    expect(Math.abs(seconds - spoken)).toBeLessThan(0.5);
    expect(m.rawResponse).toMatchObject({ settings: { language: 'xx-test', extra: { label: 'fixture' } } });
    await bot.client.stopTranscription();
    await bot.waitEvent('transcription-stopped');
  });
});
