/**
 * Telephony figures against sipp (in-process server, embedded Janus):
 * - dial-out INVITE → `dialout-answered` (startDialout call → event), 10 calls;
 * - mouth-to-ear through the bridge, both ways: a 1 kHz burst sent as PCMU by
 *   the test phone until a bot's renderer hears it, and a burst written to a
 *   bot's virtual microphone until the phone's RTP carries it (10 bursts each).
 *
 * Run: npm run bench:telephony
 */
import { performance } from 'node:perf_hooks';

import { startTestServer } from '../server/test/helpers/server-fixture';
import { RtpPhone } from '../test/e2e/helpers/rtp-phone';
import { answeringPhone, Sipp } from '../test/e2e/helpers/sipp';
import { CallClient, Daily } from '../src';
import { fmt, percentile } from './server-bench-lib';

const CALLS = 10;
const BURSTS = 10;
const RATE = 16000;

function tone(rate: number, ms: number, amplitude: number): Buffer {
  const out = Buffer.alloc(((rate * ms) / 1000) * 2);
  for (let i = 0; i < out.length / 2; i++)
    out.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 1000 * i) / rate)), i * 2);
  return out;
}

function loud(pcm: Buffer): boolean {
  let peak = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
  return peak > 4000;
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now();
}

async function main(): Promise<void> {
  await Daily.init();
  const server = await startTestServer({ sip: { ringTimeoutMs: 10_000 } });
  const res = await server.rest('POST', '/v1/rooms', { name: 'bench-phone', properties: { enable_dialout: true } });
  if (res.status !== 200) throw new Error('room');
  const token = (
    await server.rest('POST', '/v1/meeting-tokens', { properties: { room_name: 'bench-phone', is_owner: true } })
  ).body.token as string;
  const mic = Daily.createMicrophoneDevice('bench-mic', { sampleRate: RATE, channels: 1 });
  const bot = new CallClient();
  await bot.join(server.meetingUrl('bench-phone'), {
    meetingToken: token,
    clientSettings: { inputs: { camera: false, microphone: { isEnabled: true, settings: { deviceId: 'bench-mic' } } } },
  });
  const answerMs: number[] = [];
  const phoneToBot: number[] = [];
  const botToPhone: number[] = [];
  for (let call = 0; call < CALLS; call++) {
    const rtp = await RtpPhone.open();
    const sipp = await Sipp.start({ scenario: answeringPhone(), port: 15_300 + call, keys: { mport: rtp.port } });
    let answeredAt = 0;
    const onAnswered = (): void => void (answeredAt = performance.now());
    bot.once('dialout-answered', onAnswered);
    const t0 = performance.now();
    const sessionId = await bot.startDialout({ sipUri: `sip:bench@127.0.0.1:${15_300 + call}` })!;
    await until('answered', () => answeredAt > 0, 15_000);
    answerMs.push(answeredAt - t0);
    if (call === 0) {
      await rtp.waitMedia();
      let heard = false;
      bot.setAudioRenderer(sessionId, (_id, data) => void (heard ||= loud(Buffer.from(data.audioFrames))), {
        sampleRate: RATE,
        callbackIntervalMs: 10,
      });
      await new Promise((r) => setTimeout(r, 1500));
      for (let i = 0; i < BURSTS; i++) {
        heard = false;
        const sent = performance.now();
        void rtp.play(tone(8000, 200, 16000));
        phoneToBot.push((await until('phone → bot', () => heard)) - sent);
        await new Promise((r) => setTimeout(r, 400));
        const before = rtp.audio.length;
        const wrote = performance.now();
        void mic.writeFrames(new Int16Array(tone(RATE, 200, 16000).buffer));
        botToPhone.push((await until('bot → phone', () => loud(rtp.audio.subarray(before)))) - wrote);
        await new Promise((r) => setTimeout(r, 400));
      }
    }
    await bot.stopDialout(sessionId);
    await sipp.done;
    await sipp.stop();
    rtp.close();
  }
  console.log(`dial-out startDialout → dialout-answered over ${CALLS} calls (sipp answers 180 then 200 after 200 ms):`);
  console.log(`  p50 ${fmt(percentile(answerMs, 0.5))}  p95 ${fmt(percentile(answerMs, 0.95))}`);
  console.log(`mouth-to-ear over ${BURSTS} bursts, phone → bot (PCMU RTP sent → renderer hears it):`);
  console.log(`  p50 ${fmt(percentile(phoneToBot, 0.5))}  p95 ${fmt(percentile(phoneToBot, 0.95))}`);
  console.log(`bot → phone (virtual mic write → PCMU RTP at the phone):`);
  console.log(`  p50 ${fmt(percentile(botToPhone, 0.5))}  p95 ${fmt(percentile(botToPhone, 0.95))}`);
  await bot.leave();
  bot.release();
  await server.close();
  await Daily.deinit();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
