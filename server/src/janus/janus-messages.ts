/** Shapes of Janus API messages (1.1.2, WebSocket transport), as far as we use them. */

/** JSEP as Janus sends and accepts it. */
export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
  trickle?: boolean;
}

/** Any message received from Janus. */
export interface JanusIncoming {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: Record<string, unknown> & { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
  [key: string]: unknown;
}

/** A plugin reply or event: the plugin's data plus an optional JSEP. */
export interface PluginReply<T = Record<string, unknown>> {
  data: T;
  jsep?: Jsep;
}
