/**
 * ICE configuration (TURN/STUN servers) and how it becomes the peer
 * connections' configuration.
 * @internal
 * @module
 */
import type { PeerConnectionConfig } from '../../media/peer/peer-connection';
import {
  ValidationError,
  array,
  either,
  object,
  oneOf,
  optional,
  string,
  type Validator,
} from '../../signaling/validation';
import type { IceConfig } from '../types/types';
import { check } from './check';

const iceUrl: Validator<string> = (value, field) => {
  const url = string({ min: 1, max: 512 })(value, field);
  if (!/^(stun|stuns|turn|turns):/.test(url)) {
    throw new ValidationError(field, `must be a stun:, stuns:, turn: or turns: URL, got "${url.slice(0, 100)}"`);
  }
  return url;
};

const iceServer = object({
  urls: either(iceUrl, array(iceUrl, { min: 1, max: 8 }), 'a URL or a list of URLs'),
  username: optional(string({ max: 512 })),
  credential: optional(string({ max: 512 })),
});

const iceConfig = object({
  placement: optional(oneOf('front', 'back', 'replace')),
  iceServers: array(iceServer, { max: 16 }),
  iceTransportPolicy: optional(oneOf('all', 'relay')),
});

/** Checks an ICE config; `null`/`undefined` clears it. */
export function checkIceConfig(value: unknown, field: string): IceConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const config = check(iceConfig, value, field) as IceConfig;
  if (
    config.iceTransportPolicy === 'relay' &&
    !config.iceServers.some((s) => [s.urls].flat().some((u) => u.startsWith('turn')))
  ) {
    throw new ValidationError(
      `${field}.iceTransportPolicy`,
      '"relay" needs at least one turn: or turns: server in iceServers',
    );
  }
  return config;
}

/**
 * The peer connection configuration. The meeting server hands out no ICE
 * servers of its own, so every placement gives just the servers configured.
 */
export function peerConfig(config: IceConfig | undefined): PeerConnectionConfig {
  if (!config) return {};
  return {
    iceServers: config.iceServers.map((s) => ({
      urls: s.urls,
      ...(s.username !== undefined ? { username: s.username } : {}),
      ...(s.credential !== undefined ? { credential: s.credential } : {}),
    })),
    ...(config.iceTransportPolicy ? { iceTransportPolicy: config.iceTransportPolicy } : {}),
  };
}
