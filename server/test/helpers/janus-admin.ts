/** Reads Janus's admin API (tests only): what Janus knows about its handles. */
import WebSocket from 'ws';

async function adminRequests(
  url: string,
  run: (ask: (body: Record<string, unknown>) => Promise<any>) => Promise<unknown>,
): Promise<unknown> {
  const ws = new WebSocket(url, 'janus-admin-protocol');
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let n = 0;
  const ask = (body: Record<string, unknown>): Promise<any> =>
    new Promise((resolve) => {
      const transaction = `t${++n}`;
      const onMessage = (raw: WebSocket.RawData): void => {
        const msg = JSON.parse(raw.toString());
        if (msg.transaction !== transaction) return;
        ws.off('message', onMessage);
        resolve(msg);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ ...body, transaction }));
    });
  try {
    return await run(ask);
  } finally {
    ws.close();
  }
}

/** `handle_info` of every handle of every session. */
export async function allHandleInfo(admin: { url: string; secret: string }): Promise<any[]> {
  return (await adminRequests(admin.url, async (ask) => {
    const out: any[] = [];
    const sessions = (await ask({ janus: 'list_sessions', admin_secret: admin.secret })).sessions ?? [];
    for (const session_id of sessions) {
      const handles = (await ask({ janus: 'list_handles', session_id, admin_secret: admin.secret })).handles ?? [];
      for (const handle_id of handles)
        out.push((await ask({ janus: 'handle_info', session_id, handle_id, admin_secret: admin.secret })).info);
    }
    return out;
  })) as any[];
}

/** How many sessions Janus holds (`list_sessions`). */
export async function sessionCount(admin: { url: string; secret: string }): Promise<number> {
  return (await adminRequests(admin.url, async (ask) => {
    return ((await ask({ janus: 'list_sessions', admin_secret: admin.secret })).sessions ?? []).length;
  })) as number;
}
