/**
 * Finds the Janus executable before the embedded server spawns it, so a
 * machine without Janus gets one actionable message instead of a spawn error
 * buried in Janus start-up output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The command that installs Janus on Debian and Ubuntu. */
export const JANUS_APT_COMMAND = 'sudo apt-get install -y janus';

/** Thrown when the configured Janus binary cannot be found or run. */
export class JanusMissingError extends Error {
  constructor(binary: string) {
    super(
      `Janus is not installed (no executable "${binary}" ${binary.includes('/') ? 'at that path' : 'on PATH'}). ` +
        `Install it with: ${JANUS_APT_COMMAND} ` +
        '(or pass --janus-nodes <file> to use Janus nodes that run elsewhere).',
    );
    this.name = 'JanusMissingError';
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Resolves `binary` (a path, or a name searched on PATH) to an executable file; throws JanusMissingError. */
export function resolveJanusBinary(binary: string, searchPath = process.env.PATH ?? ''): string {
  if (binary.includes('/')) {
    if (isExecutable(binary)) return binary;
    throw new JanusMissingError(binary);
  }
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  throw new JanusMissingError(binary);
}
