/**
 * Writes the config folder of an embedded Janus: only the VideoRoom and SIP
 * plugins and the WebSockets transport (allow-listed through folders of
 * symlinks), API and admin API on 127.0.0.1, random secrets, our RTP range.
 * Never the stock /etc/janus set, which opens demo ports on all interfaces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where Debian installs Janus's modules. */
export const JANUS_LIB_DIR = '/usr/lib/x86_64-linux-gnu/janus';

/** Everything an embedded Janus config needs. */
export interface JanusConfigValues {
  apiPort: number;
  adminPort: number;
  apiSecret: string;
  adminSecret: string;
  /** VideoRoom admin key (needed to create rooms). */
  adminKey: string;
  /** WebRTC media ports, `min-max`. */
  rtpPortRange: string;
  /** SIP plugin plain-RTP ports, `min-max` (disjoint from `rtpPortRange`). */
  sipRtpPortRange: string;
  /** Janus log level 0..7. */
  debugLevel: number;
  /** Interfaces/IP prefixes Janus may gather ICE candidates on (comma list), if restricted. */
  iceEnforceList?: string;
  /** Public address(es) to advertise (1:1 NAT), if any. */
  natMapping?: string;
  /** Session timeout in seconds (the client keeps sessions alive well inside it). */
  sessionTimeout: number;
  /** Loop threads shared by all handles (`event_loops`); 0 or absent: Janus's thread per handle. */
  eventLoops?: number;
}

const PLUGINS = ['libjanus_videoroom.so', 'libjanus_sip.so'];
const TRANSPORTS = ['libjanus_websockets.so'];

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function linkModules(dir: string, names: string[], sourceDir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of names) {
    const target = path.join(sourceDir, name);
    if (!fs.existsSync(target))
      throw new Error(`Janus module missing: ${target} (is the Debian package "janus" installed?)`);
    fs.symlinkSync(target, path.join(dir, name));
  }
}

/** Writes (or rewrites) the config folder `dir` and returns the file it made for the core. */
export function writeJanusConfig(dir: string, v: JanusConfigValues, libDir = JANUS_LIB_DIR): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  linkModules(path.join(dir, 'plugins'), PLUGINS, path.join(libDir, 'plugins'));
  linkModules(path.join(dir, 'transports'), TRANSPORTS, path.join(libDir, 'transports'));
  fs.mkdirSync(path.join(dir, 'empty'));
  const nat = [
    'nice_debug = false',
    'ignore_mdns = true',
    ...(v.iceEnforceList ? [`ice_enforce_list = ${quote(v.iceEnforceList)}`] : []),
    ...(v.natMapping ? [`nat_1_1_mapping = ${quote(v.natMapping)}`] : []),
  ];
  const files: Record<string, string> = {
    'janus.jcfg': `general: {
  configs_folder = ${quote(dir)}
  plugins_folder = ${quote(path.join(dir, 'plugins'))}
  transports_folder = ${quote(path.join(dir, 'transports'))}
  events_folder = ${quote(path.join(dir, 'empty'))}
  loggers_folder = ${quote(path.join(dir, 'empty'))}
  debug_level = ${v.debugLevel}
  debug_timestamps = true
  debug_colors = false
  api_secret = ${quote(v.apiSecret)}
  admin_secret = ${quote(v.adminSecret)}
  session_timeout = ${v.sessionTimeout}
  server_name = "daily-node"${v.eventLoops ? `\n  event_loops = ${v.eventLoops}` : ''}
}
certificates: {
}
media: {
  rtp_port_range = ${quote(v.rtpPortRange)}
}
nat: {
  ${nat.join('\n  ')}
}
events: {
  broadcast = false
}
`,
    'janus.transport.websockets.jcfg': `general: {
  json = "compact"
  ws = true
  ws_port = ${v.apiPort}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = true
  admin_ws_port = ${v.adminPort}
  admin_ws_ip = "127.0.0.1"
  admin_wss = false
}
`,
    'janus.plugin.videoroom.jcfg': `general: {
  admin_key = ${quote(v.adminKey)}
  lock_rtp_forward = true
}
`,
    'janus.plugin.sip.jcfg': `general: {
  local_ip = "127.0.0.1"
  rtp_port_range = ${quote(v.sipRtpPortRange)}
  keepalive_interval = 0
  register_ttl = 3600
  behind_nat = false
}
`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  }
}
