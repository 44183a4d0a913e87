/**
 * Loads the N-API addon and locates the media engine executable built beside it.
 * @internal
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Callback that receives every event of an engine process (see {@link EngineEventKind}). */
export type EngineEventCallback = (kind: number, json: string, binary: Buffer | undefined) => void;

/** The addon's handle on one engine child process. */
export interface NativeEngineProcess {
  readonly pid: number;
  readonly running: boolean;
  send(kind: number, json: string, binary?: Uint8Array | ArrayBufferView | ArrayBuffer): boolean;
  sendRaw(bytes: Uint8Array): boolean;
  kill(signal?: number): void;
  close(): void;
  ref(): void;
  unref(): void;
}

/** The classes and functions the addon exports. */
export interface NativeAddon {
  EngineProcess: new (enginePath: string, onEvent: EngineEventCallback, environment?: string[]) => NativeEngineProcess;
  [name: string]: unknown;
}

const packageRoot = path.resolve(__dirname, '..');
let cached: { addon: NativeAddon; addonPath: string } | undefined;

function load(): { addon: NativeAddon; addonPath: string } {
  if (cached) return cached;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };
  let addonPath: string;
  try {
    addonPath = nodeGypBuild.resolve(packageRoot);
  } catch (err) {
    throw new Error(
      `daily-node: the native addon is not built (${(err as Error).message}). ` +
        'Run `npm run setup` (or `npm run build:native`) in the daily-node package.',
      { cause: err },
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addon = require(addonPath) as NativeAddon;
  cached = { addon, addonPath };
  return cached;
}

/** The loaded addon. Throws a clear error if it has not been built. */
export function nativeAddon(): NativeAddon {
  return load().addon;
}

/**
 * Path of the engine executable: `DAILY_NODE_ENGINE_PATH` if set, otherwise
 * `daily-node-engine` in the folder the addon was loaded from.
 */
export function enginePath(): string {
  const override = process.env.DAILY_NODE_ENGINE_PATH;
  const candidate = override ?? path.join(path.dirname(load().addonPath), 'daily-node-engine');
  if (!fs.existsSync(candidate)) {
    throw new Error(`daily-node: media engine executable not found at ${candidate}. Run \`npm run build:native\`.`);
  }
  return candidate;
}
