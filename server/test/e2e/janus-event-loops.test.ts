/**
 * The embedded Janus shares a fixed set of loop threads among its handles
 * (`event_loops`), so handles made and destroyed by bot churn start no thread
 * of their own; with 0 it keeps Janus's own way, a thread per handle.
 * test/soak/churn.test.ts measures what this is for: Janus's memory flat under
 * churn (docs/architecture.md, "Janus memory under churn").
 */
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedJanus } from '../../src/janus/embedded-janus';
import { JanusConnection } from '../../src/janus/janus-connection';
import type { JanusHandle } from '../../src/janus/janus-handle';
import { JanusSession } from '../../src/janus/janus-session';
import { createLogger } from '../../src/log';

const log = createLogger('silent');
const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** Janus's loop threads, by name: "hloop 0".."hloop N-1" are shared ones, "hloop <handle id>" a handle's own. */
function loopThreads(pid: number): string[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .map((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim())
    .filter((name) => name.startsWith('hloop'))
    .sort();
}

/** Starts a Janus with `eventLoops` and attaches `count` VideoRoom handles to it. */
async function janusWithHandles(
  eventLoops: number,
  count: number,
): Promise<{ janus: EmbeddedJanus; handles: JanusHandle[] }> {
  const janus = new EmbeddedJanus({ eventLoops }, log);
  cleanup.push(() => janus.stop());
  await janus.start();
  const node = janus.node();
  const connection = await JanusConnection.open(node.url, node.apiSecret);
  cleanup.push(() => connection.close());
  const session = await JanusSession.create(connection);
  const handles: JanusHandle[] = [];
  for (let i = 0; i < count; i++) handles.push(await session.attach('janus.plugin.videoroom'));
  return { janus, handles };
}

describe('the embedded Janus event loops', () => {
  it('shares the asked number of loop threads among all handles', async () => {
    const { janus, handles } = await janusWithHandles(2, 6);
    expect(janus.eventLoops).toBe(2);
    expect(handles).toHaveLength(6);
    expect(loopThreads(janus.pid!)).toEqual(['hloop 0', 'hloop 1']);
  });

  it('with 0, gives each handle a thread of its own (Janus without event_loops)', async () => {
    const { janus, handles } = await janusWithHandles(0, 3);
    expect(janus.eventLoops).toBe(0);
    const threads = loopThreads(janus.pid!);
    expect(threads).toHaveLength(3);
    // A thread's name is cut to 15 characters by the kernel.
    expect(threads).toEqual(handles.map((h) => `hloop ${h.id}`.slice(0, 15)).sort());
  });
});
