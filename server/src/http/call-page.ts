/**
 * What a browser gets at a meeting URL. There is no browser call page yet, so
 * the page says so and shows how to join with the SDK; unknown rooms get 404.
 */
import type { ServerResponse } from 'node:http';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sendCallPage(res: ServerResponse, roomName: string, meetingUrl: string, exists: boolean): void {
  const title = exists ? `Room ${roomName}` : 'No such room';
  const body = exists
    ? `<p>This server has no browser call page yet. Join this room from Node.js with the daily-node SDK:</p>
<pre>await client.join(${escapeHtml(JSON.stringify(meetingUrl))});</pre>`
    : `<p>There is no room named <b>${escapeHtml(roomName)}</b> on this server.</p>`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(exists ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}
