import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JANUS_APT_COMMAND, JanusMissingError, resolveJanusBinary } from '../../src/janus/janus-binary';

describe('resolveJanusBinary', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janus-binary-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds an executable on PATH', () => {
    const file = path.join(dir, 'janus');
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    expect(resolveJanusBinary('janus', `/nonexistent:${dir}`)).toBe(file);
  });

  it('names the apt command when janus is not on PATH', () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    expect(() => resolveJanusBinary('janus', empty)).toThrow(JanusMissingError);
    expect(() => resolveJanusBinary('janus', empty)).toThrow(JANUS_APT_COMMAND);
  });

  it('rejects a path that is not executable', () => {
    const file = path.join(dir, 'not-executable');
    fs.writeFileSync(file, '', { mode: 0o644 });
    expect(() => resolveJanusBinary(file)).toThrow(/no executable .* at that path/);
  });
});
