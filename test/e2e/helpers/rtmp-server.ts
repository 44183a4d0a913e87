/**
 * nginx with libnginx-mod-rtmp as the RTMP receiver of live streaming tests:
 * started in the foreground on loopback (the test's private namespace) with a
 * generated config; every published stream is also recorded to an FLV.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitForAsync } from '../../helpers/process';

export interface RtmpServer {
  /** `rtmp://127.0.0.1:<port>/live/<key>` */
  url(key: string): string;
  /** Bytes received so far on stream `key` (0 when it is not being published). */
  bytesIn(key: string): Promise<number>;
  /** The FLV recorded of stream `key`. */
  recording(key: string): string;
  stop(): Promise<void>;
}

export async function startRtmpServer(rtmpPort = 19350, httpPort = 18080): Promise<RtmpServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-rtmp-'));
  for (const d of ['logs', 'rec', 'body']) fs.mkdirSync(path.join(dir, d));
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log info;
events { worker_connections 64; }
rtmp { server { listen 127.0.0.1:${rtmpPort}; chunk_size 4096;
  application live { live on; record all; record_path ${dir}/rec; record_unique off; } } }
http { access_log ${dir}/logs/access.log;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/body; fastcgi_temp_path ${dir}/body;
  uwsgi_temp_path ${dir}/body; scgi_temp_path ${dir}/body;
  server { listen 127.0.0.1:${httpPort}; location /stat { rtmp_stat all; } } }
`,
  );
  const child: ChildProcess = spawn('nginx', ['-c', conf, '-p', `${dir}/`, '-e', `${dir}/logs/error.log`], {
    stdio: 'ignore',
  });
  const stat = async (): Promise<string> => (await fetch(`http://127.0.0.1:${httpPort}/stat`)).text();
  await waitForAsync('nginx to answer', async () => (await stat().catch(() => '')).includes('<rtmp>'), 10_000);
  return {
    url: (key) => `rtmp://127.0.0.1:${rtmpPort}/live/${key}`,
    bytesIn: async (key) => {
      const xml = await stat();
      const m = new RegExp(`<stream>\\s*<name>${key}</name>[\\s\\S]*?<bytes_in>(\\d+)</bytes_in>`).exec(xml);
      return m ? Number(m[1]) : 0;
    },
    recording: (key) => path.join(dir, 'rec', `${key}.flv`),
    stop: async () => {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await gone;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
