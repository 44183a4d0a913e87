// Runs inside the minimal root against the packed SDK as a user would: NativeVad
// on a speech file, then two bots in a real call, where bot B must hear bot A's
// speech. Prints one JSON line with what it measured; exits non-zero on failure.
// Usage: node call-check.cjs <server URL> <API key> <speech.wav (16 kHz mono)>
'use strict';
const fs = require('node:fs');
const { CallClient, Daily, LogLevel } = require('daily-node');

const RATE = 16000;
const FRAME_BYTES = (RATE / 100) * 2;

function readPcm(file) {
  const wav = fs.readFileSync(file);
  const data = wav.indexOf('data');
  if (data < 0) throw new Error(`${file}: no WAV data chunk`);
  return wav.subarray(data + 8, data + 8 + wav.readUInt32LE(data + 4));
}

/** Share of 10 ms frames that NativeVad scores as speech. */
function speechShare(pcm) {
  const vad = Daily.createNativeVad({ sampleRate: RATE });
  let frames = 0;
  let speech = 0;
  for (let at = 0; at + FRAME_BYTES <= pcm.length; at += FRAME_BYTES, frames++) {
    if (vad.analyzeFrames(pcm.subarray(at, at + FRAME_BYTES)) > 0.5) speech++;
  }
  vad.release();
  return frames === 0 ? 0 : speech / frames;
}

/** The jemalloc the media engine (this process's child) has mapped, or 'glibc'. */
function engineMalloc() {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const [, comm, rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
    if (comm !== 'daily-node-engi' || Number(rest.split(' ')[1]) !== process.pid) continue;
    const line = fs
      .readFileSync(`/proc/${pid}/maps`, 'utf8')
      .split('\n')
      .find((l) => l.includes('libjemalloc'));
    return line ? line.trim().split(/\s+/).pop() : 'glibc';
  }
  return 'no engine running';
}

function within(ms, what, promise) {
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms));
  return Promise.race([promise, timeout]);
}

async function createRoom(serverUrl, apiKey) {
  const res = await fetch(`${serverUrl}/v1/rooms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `install-${process.pid}` }),
  });
  if (!res.ok) throw new Error(`creating a room: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).url;
}

async function main() {
  const [serverUrl, apiKey, wavFile] = process.argv.slice(2);
  const speech = readPcm(wavFile);
  await Daily.init({ logLevel: LogLevel.Error });
  const sentSpeech = speechShare(speech);
  const meetingUrl = await createRoom(serverUrl, apiKey);

  const mic = Daily.createMicrophoneDevice('install-mic', { sampleRate: RATE, channels: 1 });
  const a = new CallClient();
  const microphone = { isEnabled: true, settings: { deviceId: 'install-mic' } };
  await a.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone } } });
  const b = new CallClient();
  const playable = new Promise((resolve) =>
    b.on('participant-updated', (p) => p.info.isLocal || p.media.microphone.state !== 'playable' || resolve()),
  );
  await b.join(meetingUrl, { clientSettings: { inputs: { camera: false, microphone: false } } });
  const heard = [];
  b.setAudioRenderer(a.participants().local.id, (_id, data) => heard.push(Buffer.from(data.audioFrames)), {
    sampleRate: RATE,
    callbackIntervalMs: 20,
  });
  await within(15000, "A's microphone playable at B", playable);
  await mic.writeFrames(speech);
  await new Promise((r) => setTimeout(r, 1500));
  const heardSpeech = speechShare(Buffer.concat(heard));
  const malloc = engineMalloc();

  await a.leave();
  await b.leave();
  await a.release();
  await b.release();
  await Daily.deinit();
  const result = { sentSpeech, heardSeconds: Buffer.concat(heard).length / 2 / RATE, heardSpeech, malloc };
  console.log(JSON.stringify(result));
  if (sentSpeech < 0.3) throw new Error(`NativeVad found too little speech in ${wavFile}`);
  if (heardSpeech < 0.2) throw new Error('bot B did not hear bot A speak');
  // The root has no libjemalloc2: the engine must have preloaded the copy the prebuild carries.
  if (!/node_modules\/daily-node\/prebuilds\/[^/]+\/lib\/libjemalloc\.so\.2$/.test(malloc))
    throw new Error(`the media engine is not on the prebuild's jemalloc (${malloc})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
