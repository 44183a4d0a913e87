/**
 * Network settings against real components: a TURN-only call through coturn
 * (the selected candidate pairs are relayed, and audio flows both ways), ICE
 * config cleared mid-call, signaling through tinyproxy (HTTP CONNECT), and
 * network stats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tone } from '../helpers/audio';
import { startTurnServer, type TurnServer } from '../helpers/turn-server';
import { Bot } from './helpers/bot';
import { createRoom, startCallServer, type TestServer } from './helpers/call-server';
import { startHttpProxy, type HttpProxy } from './helpers/http-proxy';
import { measureTone } from './helpers/media';
import { CustomAudioSource, CustomAudioTrack, Daily } from './helpers/sdk';

let server: TestServer;
let turn: TurnServer;
let proxy: HttpProxy;
const bots: Bot[] = [];

beforeAll(async () => {
  await Daily.init();
  server = await startCallServer();
  turn = await startTurnServer(process.env.DAILY_NODE_MEDIA_IP ?? '10.77.0.1');
  proxy = await startHttpProxy();
}, 30_000);

afterAll(async () => {
  for (const bot of bots) await bot.client.release().catch(() => undefined);
  await server?.close();
  await turn?.stop();
  await proxy?.stop();
  await Daily.deinit();
});

function bot(name: string): Bot {
  const b = new Bot(name);
  bots.push(b);
  return b;
}

/** A bot that sends a tone on a custom audio track named `name`. */
async function withTone(b: Bot, name: string, hz: number): Promise<void> {
  const source = new CustomAudioSource(16000, 1);
  source.writeFrames(tone(hz, 120_000, 16000, 0.3)).catch(() => undefined);
  await b.client.addCustomAudioTrack(name, new CustomAudioTrack(source));
}

describe('TURN', () => {
  let relayed: Bot;
  let plain: Bot;

  it('a relay-only bot sends and receives through coturn', async () => {
    const url = await createRoom(server, 'turn');
    relayed = bot('Relayed');
    plain = bot('Plain');
    await relayed.client.setIceConfig({
      placement: 'replace',
      iceServers: [{ urls: [turn.url], username: turn.username, credential: turn.credential }],
      iceTransportPolicy: 'relay',
    });
    await withTone(relayed, 'hum', 500);
    await withTone(plain, 'buzz', 700);
    await relayed.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });
    await plain.client.join(url, { clientSettings: { inputs: { camera: false, microphone: false } } });

    const heard = await measureTone(plain.client, relayed.id, 'hum', 500, 500);
    expect(Math.abs(heard.frequency - 500)).toBeLessThan(5);
    // Stats from here on cover a period when audio was flowing both ways.
    const plainFrom = plain.mark;
    const back = await measureTone(relayed.client, plain.id, 'buzz', 700, 500);
    expect(Math.abs(back.frequency - 700)).toBeLessThan(5);

    const [stats] = await relayed.waitEvent(
      'network-stats-updated',
      (s) => !!s.transport.publisher && !!s.transport.subscriber,
      15_000,
      relayed.mark,
    );
    expect(stats.transport.publisher).toMatchObject({ localCandidateType: 'relay', protocol: 'udp' });
    expect(stats.transport.subscriber).toMatchObject({ localCandidateType: 'relay' });
    expect(relayed.client.getNetworkStats().transport.publisher?.localCandidateType).toBe('relay');
    // Bitrates compare two samples: take the one after the first that saw the receive connection.
    await plain.waitEvent('network-stats-updated', (s) => !!s.transport.subscriber, 15_000, plainFrom);
    const [plainStats] = await plain.waitEvent(
      'network-stats-updated',
      (s) => !!s.transport.subscriber,
      15_000,
      plain.mark,
    );
    expect(plainStats.transport.subscriber?.localCandidateType).toBe('host');
    expect(plainStats.stats.latest.receiveBitsPerSecond).toBeGreaterThan(5000);
    expect(plainStats.quality).toBeGreaterThan(60);
  });

  it('clearing the ICE config mid-call makes the connections again, direct', async () => {
    const from = relayed.mark;
    await relayed.client.setIceConfig(null);
    const events = relayed
      .all('network-connection')
      .slice(-2)
      .map(([e]) => `${e.type}:${e.event} (${e.reason})`);
    expect(events).toEqual([
      'media:interrupted (the ICE configuration changed)',
      'media:connected (media connections made again)',
    ]);
    const [stats] = await relayed.waitEvent(
      'network-stats-updated',
      (s) => s.transport.publisher?.localCandidateType === 'host',
      15_000,
      from,
    );
    expect(stats.transport.publisher?.remoteCandidateType).toBe('host');
    const heard = await measureTone(plain.client, relayed.id, 'hum', 500, 500);
    expect(Math.abs(heard.frequency - 500)).toBeLessThan(5);
  });
});

describe('HTTP proxy', () => {
  it('joins through tinyproxy: the proxy saw the CONNECT to the server', async () => {
    const url = await createRoom(server, 'proxied');
    const p = bot('Proxied');
    await p.client.setProxyUrl(proxy.url);
    await p.client.join(url);
    expect(p.client.callState()).toBe('joined');
    expect(proxy.log()).toContain(`CONNECT 127.0.0.1:${server.port} HTTP/1.1`);
    await p.client.leave();
  });

  it('a proxy that is not there makes the join fail, saying so', async () => {
    const url = await createRoom(server, 'proxy-down');
    const p = bot('NoProxy');
    await p.client.setProxyUrl('http://127.0.0.1:9');
    await expect(p.client.join(url)!).rejects.toMatchObject({
      code: 'connect-failed',
      message: /cannot reach the proxy http:\/\/127\.0\.0\.1:9/,
    });
    await p.client.setProxyUrl(null);
    await p.client.join(url);
    expect(p.client.callState()).toBe('joined');
  });
});
