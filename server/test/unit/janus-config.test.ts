import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJanusConfig, type JanusConfigValues } from '../../src/janus/janus-config';

const VALUES: JanusConfigValues = {
  apiPort: 1111,
  adminPort: 2222,
  apiSecret: 'a"b',
  adminSecret: 's',
  adminKey: 'k',
  rtpPortRange: '40000-40099',
  sipRtpPortRange: '40100-40199',
  debugLevel: 3,
  sessionTimeout: 60,
};

/** janus.jcfg as written for `values`. */
function coreConfig(values: JanusConfigValues): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dn-jcfg-')), 'cfg');
  writeJanusConfig(dir, values);
  const text = fs.readFileSync(path.join(dir, 'janus.jcfg'), 'utf8');
  fs.rmSync(path.dirname(dir), { recursive: true });
  return text;
}

describe('writeJanusConfig', () => {
  it('allow-lists our modules and binds the APIs to loopback', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dn-jcfg-')), 'cfg');
    writeJanusConfig(dir, VALUES);
    expect(fs.readdirSync(path.join(dir, 'plugins')).sort()).toEqual(['libjanus_sip.so', 'libjanus_videoroom.so']);
    expect(fs.readdirSync(path.join(dir, 'transports'))).toEqual(['libjanus_websockets.so']);
    const core = fs.readFileSync(path.join(dir, 'janus.jcfg'), 'utf8');
    expect(core).toContain('api_secret = "a\\"b"');
    expect(core).toContain('rtp_port_range = "40000-40099"');
    const ws = fs.readFileSync(path.join(dir, 'janus.transport.websockets.jcfg'), 'utf8');
    expect(ws).toContain('ws_ip = "127.0.0.1"');
    expect(ws).toContain('admin_ws_ip = "127.0.0.1"');
    expect(ws).not.toContain('0.0.0.0');
    expect(fs.statSync(path.join(dir, 'janus.jcfg')).mode & 0o077).toBe(0);
    fs.rmSync(path.dirname(dir), { recursive: true });
  });

  it('shares loop threads among handles (event_loops) only when asked for some', () => {
    expect(coreConfig({ ...VALUES, eventLoops: 3 })).toMatch(/general: \{[^}]*\n {2}event_loops = 3\n\}/);
    expect(coreConfig({ ...VALUES, eventLoops: 0 })).not.toContain('event_loops');
    expect(coreConfig(VALUES)).not.toContain('event_loops');
  });
});
