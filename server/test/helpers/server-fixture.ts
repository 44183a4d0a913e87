/** Starts a meeting server for a test, with its own temporary data folder. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/index';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** REST call with the API key; resolves with status and parsed JSON body. */
  rest(
    method: string,
    urlPath: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dn-server-test-'));
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await startServer({
    port: 0,
    logLevel: process.env.DN_SERVER_LOG === '1' ? 'debug' : 'silent',
    ...options,
    dataDir,
  });
  const rest: TestServer['rest'] = async (method, urlPath, body, headers = {}) => {
    const res = await fetch(`${server.url}${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (call page): keep the text
    }
    return { status: res.status, body: parsed };
  };
  return Object.assign(server, { dataDir, rest });
}
