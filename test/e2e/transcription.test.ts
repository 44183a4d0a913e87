/**
 * Transcription end to end: the real server runs its transcriber as a hidden
 * service participant (through the SDK, over Janus), one pocketsphinx per
 * participant's microphone; bots speak flite sentences through virtual
 * microphones. One server and one set of bots for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fliteSpeech } from '../helpers/pcm-signals';
import { waitFor } from '../helpers/process';
import { wordErrorRate } from '../helpers/word-error-rate';
import { Bot } from './helpers/bot';
import { createRoom, meetingToken, startCallServer, type TestServer } from './helpers/call-server';
import { Daily, InvalidArgumentError, type TranscriptionMessage, type VirtualMicrophoneDevice } from './helpers/sdk';

const RATE = 16000;
const ROOM = 'transcribed';
const S1 = 'hello world this is a test of the meeting server';
const S2 = 'the quick brown fox jumps over the lazy dog';
const S3 = 'please record this call and start the live stream';

let server: TestServer;
let url: string;
const bots: Bot[] = [];
const mics = new Map<Bot, VirtualMicrophoneDevice>();
const speech = new Map<string, Buffer>();
let alice: Bot;
let bob: Bot;

/** A bot in `ROOM` speaking through its own virtual microphone. */
async function joinSpeaker(name: string, token: string | undefined): Promise<Bot> {
  const bot = new Bot(name);
  bots.push(bot);
  const mic = Daily.createMicrophoneDevice(`tr-${name}`, { sampleRate: RATE, channels: 1 });
  mics.set(bot, mic);
  bot.client.setUserName(name);
  await bot.client.join(url, {
    ...(token ? { meetingToken: token } : {}),
    clientSettings: {
      inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: `tr-${name}` } } },
    },
  });
  return bot;
}

/** Speaks `text`, then half a second of silence so the engine ends the utterance. */
async function say(bot: Bot, text: string): Promise<void> {
  let pcm = speech.get(text);
  if (!pcm) {
    pcm = Buffer.concat([fliteSpeech(text, RATE), Buffer.alloc(RATE)]);
    speech.set(text, pcm);
  }
  await mics.get(bot)!.writeFrames(new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2));
}

/** The next transcription message about `speaker` seen by `listener` (after `from`). */
async function messageAbout(
  listener: Bot,
  speaker: Bot,
  from: number,
  timeoutMs = 20_000,
): Promise<TranscriptionMessage> {
  const [m] = await listener.waitEvent(
    'transcription-message',
    (msg) => msg.participantId === speaker.id,
    timeoutMs,
    from,
  );
  return m;
}

function messagesSince(bot: Bot, from: number): TranscriptionMessage[] {
  return bot.events
    .slice(from)
    .filter((e) => e.event === 'transcription-message')
    .map((e) => e.args[0] as TranscriptionMessage);
}

function transcription() {
  return server.rooms.get(ROOM)!.transcription;
}

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  url = await createRoom(server, ROOM, { enable_transcription: true });
  alice = await joinSpeaker('alice', await meetingToken(server, { is_owner: true, room_name: ROOM }));
  bob = await joinSpeaker('bob', undefined);
  for (const t of [S1, S2, S3]) speech.set(t, Buffer.concat([fliteSpeech(t, RATE), Buffer.alloc(RATE)]));
});

afterAll(async () => {
  for (const b of bots) await b.client.release().catch(() => undefined);
  await server?.close();
  await Daily.deinit();
});

describe('transcription', () => {
  it('is refused to a participant who is neither owner nor transcription admin', async () => {
    await expect(bob.client.startTranscription()).rejects.toThrow(/owner token or canAdmin "transcription"/);
  });

  it('refuses unknown settings and settings the engine cannot honour, naming the key', async () => {
    expect(() => alice.client.startTranscription({ settings: { bogus: true } as never })).toThrow(InvalidArgumentError);
    expect(() => alice.client.startTranscription({ settings: { bogus: true } as never })).toThrow(/settings\.bogus/);
    await expect(alice.client.startTranscription({ settings: { punctuate: true } })).rejects.toThrow(
      /settings\.punctuate/,
    );
    await expect(alice.client.startTranscription({ settings: { language: 'fr' } })).rejects.toThrow(
      /settings\.language/,
    );
    expect(transcription().status).toBeUndefined();
  });

  it('is refused in a room without enable_transcription', async () => {
    const offUrl = await createRoom(server, 'not-transcribed');
    const owner = new Bot('owner-off');
    bots.push(owner);
    await owner.client.join(offUrl, {
      meetingToken: await meetingToken(server, { is_owner: true }),
      clientSettings: { inputs: { camera: false, microphone: false } },
    });
    await expect(owner.client.startTranscription()).rejects.toThrow(/enable_transcription/);
    await owner.client.leave();
  });

  it('starts in a full room: the transcriber takes no place of max_participants, and people still find it full', async () => {
    const fullUrl = await createRoom(server, 'full-transcribed', { enable_transcription: true, max_participants: 1 });
    const owner = new Bot('owner-full');
    bots.push(owner);
    await owner.client.join(fullUrl, {
      meetingToken: await meetingToken(server, { is_owner: true, room_name: 'full-transcribed' }),
      clientSettings: { inputs: { camera: false, microphone: false } },
    });
    await owner.client.startTranscription();
    await owner.waitEvent('transcription-started');
    const late = new Bot('late-full');
    bots.push(late);
    await expect(
      late.client.join(fullUrl, { clientSettings: { inputs: { camera: false, microphone: false } } }),
    ).rejects.toThrow(/full/);
    await owner.client.stopTranscription();
    await owner.client.leave();
  });

  it('transcribes each speaker under their own participant id, one after the other and overlapping', async () => {
    const from = alice.mark;
    const bobFrom = bob.mark;
    await alice.client.startTranscription({ settings: { includeRawResponse: true } });
    const [status] = await bob.waitEvent('transcription-started', () => true, 5000, bobFrom);
    expect(status.startedBy).toBe(alice.id);
    expect(status.transcriptId).toBeTruthy();
    // The transcriber is hidden: nobody sees it or counts it.
    expect(Object.keys(bob.client.participants())).toHaveLength(2);
    expect(bob.client.participantCounts()).toEqual({ present: 2, hidden: 0 });
    await waitFor('a stream for both speakers', () => transcription().service!.participantIds.length === 2, 10_000);

    await say(alice, S1);
    const m1 = await messageAbout(bob, alice, bobFrom);
    await say(bob, S2);
    const m2 = await messageAbout(bob, bob, bobFrom);
    // Everyone gets the same messages.
    expect((await messageAbout(alice, bob, from)).text).toBe(m2.text);
    console.log(`alice: "${m1.text}" / bob: "${m2.text}"`);
    const wer = (wordErrorRate(S1, m1.text) * 9 + wordErrorRate(S2, m2.text) * 9) / 18;
    expect(wer).toBeLessThanOrEqual(0.15);
    expect(m1.text).toMatch(/meeting/);
    expect(m2.text).toMatch(/fox/);
    expect(Date.parse(m1.timestamp)).toBeLessThan(Date.parse(m2.timestamp));
    expect(m1.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(m1.trackType).toBe('cam-audio');
    const words = (m1.rawResponse as { words: { word: string; start: number; end: number }[] }).words;
    expect(words.map((w) => w.word)).toContain('meeting');
    expect(words.every((w, i) => i === 0 || w.start >= words[i - 1]!.start)).toBe(true);

    const overlapFrom = bob.mark;
    await Promise.all([say(alice, S3), say(bob, S1)]);
    const [a, b] = await Promise.all([messageAbout(bob, alice, overlapFrom), messageAbout(bob, bob, overlapFrom)]);
    console.log(`overlapping: alice "${a.text}" / bob "${b.text}"`);
    expect(a.text).toMatch(/record|stream/);
    expect(b.text).toMatch(/meeting|server/);
  });

  it('tells a participant who joins during the transcription, and transcribes them', async () => {
    const carol = await joinSpeaker('carol', undefined);
    const [status] = await carol.waitEvent('transcription-started', () => true, 5000);
    expect(status.startedBy).toBe(alice.id);
    await waitFor('a stream for carol', () => transcription().service!.participantIds.includes(carol.id), 10_000);
    const from = alice.mark;
    await say(carol, S2);
    const m = await messageAbout(alice, carol, from);
    expect(m.text).toMatch(/fox|dog/);
    await carol.client.leave();
    await waitFor("carol's stream closed", () => !transcription().service!.participantIds.includes(carol.id), 10_000);
  });

  it('a muted microphone has no stream; unmuted, it is transcribed again', async () => {
    await bob.client.updateInputs({ microphone: { isEnabled: false } });
    await waitFor("bob's stream closed", () => !transcription().service!.participantIds.includes(bob.id), 10_000);
    await bob.client.updateInputs({ microphone: { isEnabled: true, settings: { deviceId: 'tr-bob' } } });
    await waitFor("bob's stream back", () => transcription().service!.participantIds.includes(bob.id), 10_000);
    const from = alice.mark;
    await say(bob, S3);
    expect((await messageAbout(alice, bob, from)).text).toMatch(/record|stream/);
  });

  it('updateTranscription (by a canAdmin "transcription" holder) to one participant stops the other\'s', async () => {
    await alice.client.updateRemoteParticipants({ [bob.id]: { permissions: { canAdmin: ['transcription'] } } });
    await bob.waitEvent(
      'participant-updated',
      (p) => p.info.isLocal && p.info.permissions.canAdmin.includes('transcription'),
    );
    const from = bob.mark;
    const aliceFrom = alice.mark;
    await bob.client.updateTranscription({ participants: [alice.id] });
    const [update] = await alice.waitEvent('transcription-updated', () => true, 5000, aliceFrom);
    expect(update).toMatchObject({ participants: [alice.id], updatedBy: bob.id });
    await waitFor('bob no longer transcribed', () => !transcription().service!.participantIds.includes(bob.id), 5000);
    await say(bob, S2);
    await say(alice, S3);
    await messageAbout(bob, alice, from);
    expect(messagesSince(bob, from).filter((m) => m.participantId === bob.id)).toEqual([]);
    // The callback form, as daily-python's completion.
    const error = await new Promise((resolve) => alice.client.updateTranscription({ participants: null }, resolve));
    expect(error).toBeNull();
    await waitFor('bob transcribed again', () => transcription().service!.participantIds.includes(bob.id), 10_000);
  });

  it('comes back when the ASR engine process is killed, and messages continue', async () => {
    const pid = transcription().service!.enginePid(alice.id)!;
    expect(pid).toBeGreaterThan(0);
    const from = bob.mark;
    process.kill(pid, 'SIGKILL');
    await waitFor(
      'a new engine process',
      () => {
        const now = transcription().service!.enginePid(alice.id);
        return now !== undefined && now !== pid;
      },
      10_000,
    );
    await say(alice, S1);
    const m = await messageAbout(bob, alice, from);
    expect(m.text).toMatch(/meeting|server/);
    const failures = bob.events
      .slice(from)
      .filter((e) => e.event === 'transcription-error' || e.event === 'transcription-stopped');
    expect(failures).toEqual([]);
  });

  it('stops: everyone gets transcription-stopped with who stopped it; the transcriber leaves', async () => {
    const from = bob.mark;
    const transcriptId = transcription().status!.transcriptId!;
    await alice.client.stopTranscription();
    const [stoppedBy, byError] = await bob.waitEvent('transcription-stopped', () => true, 10_000, from);
    expect(stoppedBy).toBe(alice.id);
    expect(byError).toBe(false);
    expect(transcription().status).toBeUndefined();
    expect([...server.rooms.get(ROOM)!.participants.values()].filter((p) => p.service)).toEqual([]);
    await expect(alice.client.stopTranscription()).rejects.toThrow(/not running/);

    // The transcript is kept: REST in Daily's shape, and WebVTT with speaker names.
    const list = await server.rest('GET', '/v1/transcript');
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { transcriptId: string }) => t.transcriptId)).toContain(transcriptId);
    const one = await server.rest('GET', `/v1/transcript/${transcriptId}`);
    expect(one.body).toMatchObject({ transcriptId, status: 't_finished', roomName: ROOM });
    const link = await server.rest('GET', `/v1/transcript/${transcriptId}/access-link`);
    expect(link.body.transcriptId).toBe(transcriptId);
    const linkUrl = link.body.link as string;
    const tampered = await fetch(linkUrl.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A')));
    expect(tampered.status).toBe(403);
    const vtt = await fetch(linkUrl); // the signed link is the credential: no API key
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toMatch(/text\/vtt/);
    const text = await vtt.text();
    expect(text.startsWith('WEBVTT\n')).toBe(true);
    expect(text).toMatch(/\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n<v alice>[^\n]*meeting/);
    expect(text).toMatch(/<v bob>[^\n]*fox/);
    expect(text).toMatch(/<v carol>/);
    expect((await server.rest('GET', '/v1/transcript/nope')).status).toBe(404);
  });
});
