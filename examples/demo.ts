/**
 * The main job. For now: start the media engine, complete the handshake,
 * print what the engine offers, and stop it again.
 */
import { Daily, LogLevel } from 'daily-node';

async function main(): Promise<void> {
  const t0 = performance.now();
  const info = await Daily.init({ logLevel: LogLevel.Warn });
  const t1 = performance.now();
  console.log(`media engine started: pid ${info.pid}, protocol ${info.protocol}, ${info.webrtc}`);
  console.log(`  audio codecs: ${info.audioCodecs.join(', ')}`);
  console.log(`  video codecs: ${info.videoCodecs.join(', ')}`);
  console.log(`  handshake took ${(t1 - t0).toFixed(1)} ms`);
  await Daily.deinit();
  console.log(`media engine stopped after ${(performance.now() - t1).toFixed(1)} ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
