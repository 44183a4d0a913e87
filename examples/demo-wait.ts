/**
 * `npm run demo -- --wait`: after the demo, bot A stays in the call so that a
 * person can talk with it from the browser call page. A listens to everyone
 * who joins (NativeVad); when someone stops speaking it answers with a flite
 * sentence saying how long it heard them, and it answers chat messages.
 * Returns when Ctrl-C (or SIGTERM) arrives; the caller then leaves.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { Daily, type CallClient, type VirtualMicrophoneDevice } from 'daily-node';

import { SpeechSegmenter } from './speech-segments';
import { onStopSignal } from './stop-signals';
import { readWav } from './wav';

const RATE = 16000;

/** How to open the meeting URL from this machine: the demo runs in a private network namespace. */
function howToOpen(meetingUrl: string): string[] {
  const uidMap = fs.readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/);
  const inUserNamespace = uidMap[1] !== '0';
  const enter = `nsenter --target ${process.pid} --net${inUserNamespace ? ' --user --preserve-credentials' : ''}`;
  return [
    `  meeting URL: ${meetingUrl}`,
    '',
    '  This demo runs inside a private network namespace (scripts/netns-run), so only programs in that',
    '  namespace reach it. On this machine, open the URL with Chromium started inside it (a desktop session',
    '  works: Chromium reaches the display through its socket file):',
    '',
    `    ${enter} chromium --user-data-dir="$(mktemp -d)" '${meetingUrl}'`,
    '',
    '  Type your name, press Join, and speak: bot A answers when you stop. Chat works too.',
    '  To serve browsers on other machines, run the meeting server on the host (server/README.md, "Call page").',
    '  Press Ctrl-C to end the call.',
  ];
}

/** Says `text` through `mic` (flite -voice rms, 16 kHz mono). */
async function speak(mic: VirtualMicrophoneDevice, text: string, dir: string): Promise<void> {
  const wav = path.join(dir, 'reply.wav');
  execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
  await mic.writeFrames(readWav(wav).pcm);
}

export async function talkUntilStopped(
  a: CallClient,
  mic: VirtualMicrophoneDevice,
  meetingUrl: string,
  dir: string,
  say: (what: string) => void,
): Promise<void> {
  const localId = a.participants().local.id;
  let replying = Promise.resolve();
  const reply = (text: string): void => {
    replying = replying.then(() => speak(mic, text, dir)).catch((err: Error) => say(`could not speak: ${err.message}`));
  };
  const listen = (participantId: string, name: string): void => {
    const segmenter = new SpeechSegmenter(
      Daily.createNativeVad({ sampleRate: RATE, resetPeriodMs: 2000 }),
      (speaking, atMs) => {
        if (speaking) return;
        const segment = segmenter.segments[segmenter.segments.length - 1];
        const seconds = segment ? (atMs - segment.startMs) / 1000 : 0;
        say(`heard ${name || participantId} speak for ${seconds.toFixed(1)} s`);
        reply(`Hello ${name || 'there'}. I heard you speak for ${seconds.toFixed(1)} seconds.`);
      },
    );
    a.setAudioRenderer(participantId, (_id, data) => segmenter.push(data.audioFrames), {
      sampleRate: RATE,
      callbackIntervalMs: 20,
    });
  };
  a.on('participant-joined', (p) => {
    say(`${p.info.userName || '(no name)'} joined`);
    listen(p.id, p.info.userName);
    reply(`Welcome ${p.info.userName || 'to the call'}. Say something and I will answer.`);
  });
  a.on('participant-left', (p) => say(`${p.info.userName || '(no name)'} left`));
  a.on('app-message', (data, from) => {
    const chat = data as { event?: string; message?: string; name?: string };
    if (from === localId || chat?.event !== 'chat-msg' || typeof chat.message !== 'string') return;
    say(`chat from ${chat.name ?? from}: ${chat.message}`);
    void a.sendPrebuiltChatMessage(`Bot A got your message (${chat.message.length} characters).`, {
      userName: 'Bot A',
    });
  });
  console.log('');
  console.log('The call stays open (--wait). Talk with bot A from a browser:');
  for (const line of howToOpen(meetingUrl)) console.log(line);
  console.log('');
  await new Promise<void>((resolve) => onStopSignal(resolve));
  say('stopping');
  await replying;
}
