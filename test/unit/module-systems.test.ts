/**
 * The package as a user's project sees it: `import` from ESM, `require` from
 * CommonJS, and types under moduleResolution node16 and bundler. The fixtures
 * are compiled with tsc in a temporary project whose node_modules/daily-node
 * links to this package (so the package.json "exports" map is what resolves).
 * The run test uses the output of the node16 compile, so it comes after it.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/module-systems');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

describe('daily-node as a dependency', () => {
  let project: string;

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-node-modules-'));
    fs.cpSync(fixtures, project, { recursive: true });
    fs.mkdirSync(path.join(project, 'node_modules/@types'), { recursive: true });
    fs.symlinkSync(root, path.join(project, 'node_modules/daily-node'));
    fs.symlinkSync(path.join(root, 'node_modules/@types/node'), path.join(project, 'node_modules/@types/node'));
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  const compile = async (config: string): Promise<string> => {
    try {
      const run = promisify(execFile);
      return (await run(process.execPath, [tsc, '-p', config], { cwd: project, encoding: 'utf8' })).stdout;
    } catch (e) {
      throw new Error(`tsc -p ${config} failed:\n${(e as { stdout?: string }).stdout ?? ''}`, { cause: e });
    }
  };
  const run = (file: string): unknown =>
    JSON.parse(execFileSync(process.execPath, [path.join(project, 'out', file)], { cwd: project, encoding: 'utf8' }));

  it('type-checks ESM and CommonJS consumers under moduleResolution node16', async () => {
    expect(await compile('tsconfig.node16.json')).toBe('');
  });

  it('type-checks a consumer under moduleResolution bundler', async () => {
    expect(await compile('tsconfig.bundler.json')).toBe('');
  });

  it('loads with import from ESM and with require from CommonJS', () => {
    const expected = { daily: 'function', vad: 'function', options: 'object' };
    expect(run('esm.mjs')).toEqual(expected);
    expect(run('cjs.cjs')).toEqual(expected);
  });
});
