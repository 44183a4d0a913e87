import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJanusConfig } from '../../src/janus/janus-config';

describe('writeJanusConfig', () => {
  it('allow-lists our modules and binds the APIs to loopback', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dn-jcfg-')), 'cfg');
    writeJanusConfig(dir, {
      apiPort: 1111,
      adminPort: 2222,
      apiSecret: 'a"b',
      adminSecret: 's',
      adminKey: 'k',
      rtpPortRange: '40000-40099',
      sipRtpPortRange: '40100-40199',
      debugLevel: 3,
      sessionTimeout: 60,
    });
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
});
