/**
 * CallClient against the real meeting server and Janus: joining, presence
 * events, getters, leaving and releasing; a virtual microphone heard by
 * another bot's audio renderer and speaker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, rms, tone, toneAmplitude, zeroCrossingFrequency } from '../helpers/audio';
import { waitFor } from '../helpers/process';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, type AudioData, type AvailableDevices, type VirtualMicrophoneDevice } from './helpers/sdk';

let server: TestServer;
let url: string;
let a: Bot;
let b: Bot;
let micA: VirtualMicrophoneDevice;

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'basics');
  micA = Daily.createMicrophoneDevice('mic-a', { sampleRate: 16000 });
  a = new Bot('A');
  b = new Bot('B');
});

afterAll(async () => {
  for (const bot of [a, b]) if (bot && bot.client.callState !== undefined) await releaseQuietly(bot);
  await server?.close();
  await Daily.deinit();
});

async function releaseQuietly(bot: Bot): Promise<void> {
  try {
    await bot.client.release();
  } catch {
    // already released by the test
  }
}

describe('joining', () => {
  it('joins with client settings and returns JoinData', async () => {
    a.client.setUserName('Alice');
    const joinData = await a.client.join(url, {
      clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'mic-a' } } } },
    });
    expect(joinData!.meetingSession.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(joinData!.participants.local.info).toMatchObject({ userName: 'Alice', isLocal: true, isOwner: false });
    expect(a.all('call-state-updated').map(([s]) => s)).toEqual(['joining', 'joined']);
    expect(a.client.inputs().microphone).toEqual({ isEnabled: true, settings: { deviceId: 'mic-a' } });
    expect(a.client.participantCounts()).toEqual({ present: 1, hidden: 0 });
  });

  it('a second bot joins with the callback form; both see each other', async () => {
    b.client.setUserName('Bob');
    const result = await new Promise<{ data: unknown; error: unknown }>((resolve) => {
      const ret = b.client.join(
        url,
        { clientSettings: { inputs: { camera: false, microphone: false } } },
        (data, error) => resolve({ data, error }),
      );
      expect(ret).toBeUndefined();
    });
    expect(result.error).toBeNull();
    const joined = (result.data as { participants: Record<string, { info: { userName: string } }> }).participants;
    expect(
      Object.values(joined)
        .map((p) => p.info.userName)
        .sort(),
    ).toEqual(['Alice', 'Bob']);
    const [p] = await a.waitEvent('participant-joined', (p) => p.info.userName === 'Bob');
    expect(p.id).toBe(b.id);
    await a.waitEvent('participant-counts-updated', (c) => c.present === 2);
    expect(a.client.participantCounts()).toEqual({ present: 2, hidden: 0 });
    expect(Object.keys(a.client.participants()).sort()).toEqual([b.id, 'local'].sort());
  });

  it('refuses a second join and bad arguments', async () => {
    await expect(a.client.join(url)!).rejects.toMatchObject({ name: 'CallClientError', code: 'already-joined' });
    expect(() => a.client.join('ftp://x/y')).toThrow(/meetingUrl: must start with http/);
    expect(() => a.client.join(url, { meetingTokn: 'x' } as never)).toThrow(
      /options\.meetingTokn: is not a known option/,
    );
    expect(() => a.client.setUserName(42 as never)).toThrow(/userName: must be a string/);
  });

  it('setUserName reaches the others as participant-updated', async () => {
    const from = b.mark;
    a.client.setUserName('Alice 2');
    const [p] = await b.waitEvent(
      'participant-updated',
      (p) => p.id === a.id && p.info.userName === 'Alice 2',
      10_000,
      from,
    );
    expect(p.info.isLocal).toBe(false);
    await waitFor('local name', () => a.client.participants().local.info.userName === 'Alice 2');
  });
});

describe('microphone audio', () => {
  it("reaches B's audio renderer at the frequency and level written", async () => {
    const chunks: Buffer[] = [];
    let firstLoud = -1;
    b.client.setAudioRenderer(
      a.id,
      (participantId, data: AudioData, source) => {
        expect(participantId).toBe(a.id);
        expect(source).toBe('microphone');
        if (firstLoud < 0 && rms(channelSamples(data.audioFrames)) > 0.05) firstLoud = chunks.length;
        chunks.push(data.audioFrames);
      },
      { sampleRate: 48000, callbackIntervalMs: 20 },
    );
    micA.writeFrames(tone(440, 8000, 16000, 0.3)).catch(() => undefined);
    await waitFor('1.5 s of tone at B', () => firstLoud >= 0 && chunks.length - firstLoud >= 75, 20_000);
    // Skip the first 300 ms after onset (jitter buffer and Opus start).
    const samples = channelSamples(Buffer.concat(chunks.slice(firstLoud + 15, firstLoud + 75)));
    expect(zeroCrossingFrequency(samples, 48000)).toBeGreaterThan(435);
    expect(zeroCrossingFrequency(samples, 48000)).toBeLessThan(445);
    const level = toneAmplitude(samples, 440, 48000);
    expect(level).toBeGreaterThan(0.24);
    expect(level).toBeLessThan(0.36);
    const [p] = await b.waitEvent(
      'participant-updated',
      (p) => p.id === a.id && p.media.microphone.state === 'playable',
    );
    expect(p.media.microphone).toEqual({ state: 'playable', offReasons: [], subscribed: 'subscribed' });
  });

  it("plays the same tone on B's selected speaker", async () => {
    const speaker = Daily.createSpeakerDevice('speaker-b', { sampleRate: 16000 });
    await Daily.selectSpeakerDevice('speaker-b');
    await speaker.readFrames(1600);
    const samples = channelSamples(await speaker.readFrames(8000));
    expect(zeroCrossingFrequency(samples, 16000)).toBeGreaterThan(430);
    expect(zeroCrossingFrequency(samples, 16000)).toBeLessThan(450);
    expect(toneAmplitude(samples, 440, 16000)).toBeGreaterThan(0.2);
  });

  it('the active speaker becomes A', async () => {
    const [p] = await b.waitEvent('active-speaker-changed', (p) => p?.id === a.id, 15_000);
    expect(p!.info.userName).toBe('Alice 2');
    expect(b.client.activeSpeaker()?.id).toBe(a.id);
  });
});

describe('available-devices-updated', () => {
  it('lists the virtual devices as they are made and released', async () => {
    const from = b.mark;
    const camera = Daily.createCameraDevice('cam-x', 160, 120);
    const speaker = Daily.createSpeakerDevice('speaker-x');
    const hasSpeakerX = (d: AvailableDevices): boolean => d.speaker.some((s) => s.deviceId === 'speaker-x');
    const [made] = await b.waitEvent('available-devices-updated', hasSpeakerX, 5000, from);
    expect(made.camera).toEqual([{ deviceId: 'cam-x', groupId: '', kind: 'videoinput', label: 'cam-x' }]);
    expect(made.microphone.map((d) => d.deviceId)).toEqual(['mic-a']);
    expect(made.audio.map((d) => d.deviceId)).toEqual(['mic-a', 'speaker-b', 'speaker-x']);
    const mark = b.mark;
    await camera.release();
    await speaker.release();
    const [released] = await b.waitEvent('available-devices-updated', (d) => !hasSpeakerX(d), 5000, mark);
    expect(released.camera).toEqual([]);
    expect(released.speaker.map((d) => d.deviceId)).toEqual(['speaker-b']);
    expect(a.all('available-devices-updated').at(-1)).toEqual([released]);
  });
});

describe('leaving and releasing', () => {
  it('B sees A leave; A ends in state left; both event paths saw the same events', async () => {
    await micA.clear();
    const id = a.id;
    await a.client.leave();
    const [p, reason, detail] = await b.waitEvent('participant-left', (p) => p.id === id);
    expect(p.info.userName).toBe('Alice 2');
    expect(reason).toBe('leftCall');
    expect(detail).toBe('left');
    expect(a.client.callState()).toBe('left');
    expect(a.all('call-state-updated').map(([s]) => s)).toEqual(['joining', 'joined', 'leaving', 'left']);
    // Leaving reports the inputs (kept for the next join) before the state turns `left`.
    const leavingAt = a.events.findIndex((e) => e.event === 'call-state-updated' && e.args[0] === 'leaving');
    expect(a.events.map((e) => e.event).lastIndexOf('inputs-updated')).toBeGreaterThan(leavingAt);
    expect(a.all('inputs-updated').at(-1)).toEqual([a.client.inputs()]);
    expect(a.handlerEvents).toEqual(a.events);
    expect(b.handlerEvents).toEqual(b.events);
    await expect(a.client.leave()!).rejects.toMatchObject({ code: 'not-joined' });
  });

  it('rejoins after leaving, then release leaves and makes every method throw', async () => {
    await a.client.join(url);
    const id = a.id;
    await b.waitEvent('participant-joined', (p) => p.id === id);
    await a.client.release();
    await b.waitEvent('participant-left', (p) => p.id === id);
    for (const call of [
      () => a.client.participants(),
      () => a.client.leave(),
      () => a.client.release(),
      () => a.client.inputs(),
    ]) {
      expect(call).toThrow('this object has already been released');
    }
  });
});
