/**
 * Recovery, with real failures: the signaling socket cut (resume as the same
 * participant), the media engine killed mid-call (new engine, media and
 * renderers back), the meeting server restarted (everyone resumes as the same
 * participant; renderers registered before keep working).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { channelSamples, rms, tone, zeroCrossingFrequency } from '../helpers/audio';
import { waitFor } from '../helpers/process';
import { Bot, type Recorded } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, type VirtualMicrophoneDevice } from './helpers/sdk';
import { engineHost } from '../../src/engine/engine-host';

let server: TestServer;
let url: string;
let a: Bot;
let b: Bot;
let mic: VirtualMicrophoneDevice;

/** Keeps a tone going on the microphone, written again whenever a write ends (engine restarts included). */
let playing = true;
async function keepPlaying(): Promise<void> {
  while (playing) {
    try {
      await mic.writeFrames(tone(440, 2000, 16000, 0.3));
    } catch {
      // The engine died with the write pending: write again (after a breath).
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** What B's audio renderer on A hears, updated per callback. */
const heard = { lastLoudAt: 0, frequency: 0, buffer: [] as Buffer[] };

function listenToA(): void {
  b.client.setAudioRenderer(
    a.id,
    (_id, data) => {
      const samples = channelSamples(data.audioFrames);
      if (rms(samples) > 0.05) heard.lastLoudAt = Date.now();
      heard.buffer.push(data.audioFrames);
      if (heard.buffer.length > 25) heard.buffer.shift();
      heard.frequency = zeroCrossingFrequency(channelSamples(Buffer.concat(heard.buffer)), 16000);
    },
    { sampleRate: 16000, callbackIntervalMs: 20 },
  );
}

async function waitHearing(since: number, what: string): Promise<void> {
  await waitFor(what, () => heard.lastLoudAt > since && Math.abs(heard.frequency - 440) < 8, 30_000);
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, 'recovery');
  mic = Daily.createMicrophoneDevice('mic-a');
  void keepPlaying();
  a = new Bot('A');
  b = new Bot('B');
  await a.client.join(url, {
    clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'mic-a' } } } },
  });
  await b.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
  listenToA();
  await waitHearing(0, 'A heard at B');
}, 60_000);

afterAll(async () => {
  playing = false;
  for (const bot of [a, b]) await bot?.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('signaling socket cut', () => {
  it('resumes as the same participant; media keeps flowing; nobody sees A leave', async () => {
    const id = a.id;
    const from = a.mark;
    const conn = server.rooms.get('recovery')!.participants.get(id)!.connection as unknown as {
      socket: { terminate(): void };
    };
    conn.socket.terminate();
    const [down] = await a.waitEvent(
      'network-connection',
      (e) => e.type === 'signaling' && e.event === 'interrupted',
      10_000,
      from,
    );
    expect(down.reason).toMatch(/connection lost/);
    const [up] = await a.waitEvent(
      'network-connection',
      (e) => e.type === 'signaling' && e.event === 'connected',
      20_000,
      from,
    );
    expect(up).toMatchObject({ rejoined: false, participantId: id });
    expect(a.id).toBe(id);
    expect(b.all('participant-left')).toEqual([]);
    await waitHearing(Date.now(), 'A still heard at B');
    await a.client.sendAppMessage('back', { participantId: b.id });
    await b.waitEvent('app-message', (m) => m === 'back');
  });
});

describe('media engine killed', () => {
  it('a new engine starts; both bots publish and subscribe again; the renderer hears A again', async () => {
    const pid = engineHost.channel!.info!.pid;
    const fromA = a.mark;
    const fromB = b.mark;
    process.kill(pid, 'SIGKILL');
    for (const [bot, from] of [
      [a, fromA],
      [b, fromB],
    ] as const) {
      await bot.waitEvent('network-connection', (e) => e.type === 'engine' && e.event === 'interrupted', 10_000, from);
      const [up] = await bot.waitEvent(
        'network-connection',
        (e) => e.type === 'engine' && e.event !== 'interrupted',
        30_000,
        from,
      );
      expect(up.event).toBe('connected');
    }
    expect(engineHost.channel!.info!.pid).not.toBe(pid);
    await waitHearing(Date.now(), 'A heard at B after the engine restart');
    expect(a.client.callState()).toBe('joined');
    expect(b.all('participant-left')).toEqual([]);
  });
});

describe('meeting server restarted', () => {
  it('both bots resume with the same participant ids; the renderer registered before hears A again; nobody sees anyone leave', async () => {
    const { port, dataDir } = server;
    const ids = { a: a.id, b: b.id };
    const from = { a: a.mark, b: b.mark };
    await server.close();
    server = await startCallServer({ port, dataDir });
    for (const bot of [a, b]) {
      const mark = bot === a ? from.a : from.b;
      const [down] = await bot.waitEvent(
        'network-connection',
        (e) => e.type === 'signaling' && e.event === 'interrupted',
        10_000,
        mark,
      );
      expect(down.reason).toMatch(/shutting down/);
      const [up] = await bot.waitEvent(
        'network-connection',
        (e) => e.type === 'signaling' && e.event === 'connected',
        45_000,
        mark,
      );
      expect(up).toMatchObject({ rejoined: false, participantId: bot === a ? ids.a : ids.b });
      expect(up.reason).toMatch(/resumed after the meeting server restarted/);
      // Janus restarted with the server: both media connections are made again.
      await bot.waitEvent('network-connection', (e) => e.type === 'media' && e.event === 'interrupted', 10_000, mark);
      const [media] = await bot.waitEvent(
        'network-connection',
        (e) => e.type === 'media' && e.event !== 'interrupted',
        30_000,
        mark,
      );
      expect(media.event).toBe('connected');
    }
    expect([a.id, b.id]).toEqual([ids.a, ids.b]);
    // The renderer B registered on A's id in beforeAll, never registered again.
    await waitHearing(Date.now(), 'A heard at B after the server restart');
    for (const bot of [a, b]) {
      const mark = bot === a ? from.a : from.b;
      const since = bot.events.slice(mark).map((e) => e.event);
      expect(since).not.toContain('participant-left');
      expect(since).not.toContain('participant-joined');
      expect(since).not.toContain('call-state-updated');
      expect(bot.client.callState()).toBe('joined');
    }
    expect(Object.keys(b.client.participants()).sort()).toEqual(['local', ids.a].sort());
    // B saw A's microphone go off with the old SFU, then come back.
    await b.waitEvent(
      'participant-updated',
      (p) => p.id === ids.a && p.media.microphone.state === 'playable',
      10_000,
      from.b,
    );
    const micStates = b.events
      .slice(from.b)
      .filter((e): e is Recorded<'participant-updated'> => e.event === 'participant-updated')
      .filter((e) => e.args[0].id === ids.a)
      .map((e) => e.args[0].media.microphone.state);
    expect(micStates[0]).toBe('off');
    expect(server.rooms.get('recovery')!.participants.size).toBe(2);
  });
});

describe('ejected while disconnected', () => {
  it('the resume is refused as an ejection: the call ends instead of joining again as someone new', async () => {
    const c = new Bot('C');
    await c.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    const id = c.id;
    const from = c.mark;
    const room = server.rooms.get('recovery')!;
    const conn = room.participants.get(id)!.connection as unknown as { socket: { terminate(): void } };
    conn.socket.terminate();
    // Ejected before its socket is back: only the resume can tell it.
    expect(room.ejectByApi([id])).toEqual([id]);
    const [message] = await c.waitEvent('error', () => true, 20_000, from);
    expect(message).toMatch(/the call ended \(ejected\): .*was ejected/);
    await c.waitEvent('call-state-updated', (s) => s === 'left', 5000, from);
    expect(c.all('network-connection').filter(([e]) => e.event === 'connected')).toEqual([]);
    expect([...room.participants.keys()].sort()).toEqual([a.id, b.id].sort());
    await c.client.release();
  });
});

describe('recovery impossible', () => {
  it('the server comes back without the room: the call ends with an error and state left', async () => {
    const { port } = server;
    const from = a.mark;
    await server.close();
    // A new server on the same port with an empty data folder: the room is gone.
    server = await startCallServer({ port });
    const [failed] = await a.waitEvent(
      'network-connection',
      (e) => e.type === 'signaling' && e.event === 'failed',
      45_000,
      from,
    );
    expect(failed.reason).toMatch(/could not rejoin the meeting: .*does not exist/);
    const [message] = await a.waitEvent('error', () => true, 5000, from);
    expect(message).toMatch(/does not exist/);
    await a.waitEvent('call-state-updated', (s) => s === 'left', 5000, from);
    expect(a.client.callState()).toBe('left');
  });
});
