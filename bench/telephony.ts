/**
 * Telephony figures against sipp (in-process server, embedded Janus):
 * - dial-out INVITE → `dialout-answered` (startDialout call → event), 10 calls;
 * - mouth-to-ear through the bridge, both ways: a 1 kHz burst sent as PCMU by
 *   the test phone until a bot's renderer hears it, and a burst written to a
 *   bot's virtual microphone until the phone's RTP carries it (10 bursts each);
 * - CPU per phone leg: server (this Node process), media engine and Janus CPU
 *   over 10 s with 4 answered legs carrying audio both ways, minus 10 s with none.
 *
 * Run: npm run bench:telephony
 */
import { performance } from 'node:perf_hooks';

import { startTestServer } from '../server/test/helpers/server-fixture';
import { RtpPhone } from '../test/e2e/helpers/rtp-phone';
import { answeringPhone, Sipp } from '../test/e2e/helpers/sipp';
import { CallClient, Daily } from '../src';
import { cpuByName, cpuShare } from './process-cpu';
import { fmt, percentile } from './server-bench-lib';

const CALLS = 10;
const BURSTS = 10;
const RATE = 16000;
const CPU_LEGS = 4;
const CPU_WINDOW_S = 10;
/** The processes whose CPU a phone leg costs (sipp and the test phone are the far end). */
const SERVER_SIDE = ['node', 'daily-node-engi', 'janus'];

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
  await measureCpuPerLeg(bot);
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

/** CPU over a window with `legs` answered calls, each phone sending a tone the whole time. */
async function cpuWindow(bot: CallClient, legs: number): Promise<Map<string, number>> {
  const calls: { sessionId: string; sipp: Sipp; rtp: RtpPhone }[] = [];
  for (let i = 0; i < legs; i++) {
    const rtp = await RtpPhone.open();
    const port = 15_320 + i;
    const sipp = await Sipp.start({ scenario: answeringPhone(), port, keys: { mport: rtp.port } });
    let answered = false;
    const onAnswered = (): void => void (answered = true);
    bot.once('dialout-answered', onAnswered);
    const sessionId = await bot.startDialout({ sipUri: `sip:cpu${i}@127.0.0.1:${port}` })!;
    await until('answered', () => answered, 15_000);
    await rtp.waitMedia();
    calls.push({ sessionId, sipp, rtp });
  }
  const playing = calls.map((c) => c.rtp.play(tone(8000, (CPU_WINDOW_S + 2) * 1000, 8000)));
  await new Promise((r) => setTimeout(r, 1000)); // past the jitter buffers' start
  const before = cpuByName();
  await new Promise((r) => setTimeout(r, CPU_WINDOW_S * 1000));
  const share = cpuShare(before, cpuByName(), CPU_WINDOW_S);
  await Promise.all(playing);
  for (const c of calls) {
    await bot.stopDialout(c.sessionId);
    await c.sipp.done;
    await c.sipp.stop();
    c.rtp.close();
  }
  return share;
}

async function measureCpuPerLeg(bot: CallClient): Promise<void> {
  const idle = await cpuWindow(bot, 0);
  const busy = await cpuWindow(bot, CPU_LEGS);
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  console.log(`CPU per phone leg (${CPU_LEGS} legs up vs none, ${CPU_WINDOW_S} s each; % of one core):`);
  let total = 0;
  for (const name of SERVER_SIDE) {
    const perLeg = ((busy.get(name) ?? 0) - (idle.get(name) ?? 0)) / CPU_LEGS;
    total += perLeg;
    console.log(
      `  ${name.padEnd(16)} idle ${pct(idle.get(name) ?? 0)}  with legs ${pct(busy.get(name) ?? 0)}  per leg ${pct(perLeg)}`,
    );
  }
  console.log(`  total per leg ${pct(total)} (server Node includes the bot and the test phones' RTP)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
