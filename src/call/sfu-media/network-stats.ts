/**
 * Network statistics of a call, in daily-python's `NetworkStats` shape,
 * computed from the engine's stats of the send and receive connections.
 *
 * Quality (0–100) starts at 100 and loses 4 points per percent of packet loss
 * (the worse direction) and 1 point per 10 ms of round-trip time above 150 ms.
 * Threshold: `good` from 70, `low` from 40, `veryLow` below.
 * @internal
 * @module
 */
import type { PeerConnection, PeerStats } from '../../media/peer/peer-connection';
import type { ConnectionPath, NetworkStats, NetworkThreshold } from '../types/types';

/** Stats of a call that has not measured anything yet. */
export function emptyNetworkStats(): NetworkStats {
  return {
    previousThreshold: 'good',
    quality: 100,
    threshold: 'good',
    stats: {
      latest: {
        receiveBitsPerSecond: 0,
        sendBitsPerSecond: 0,
        timestamp: 0,
        totalRecvPacketLoss: 0,
        totalSendPacketLoss: 0,
        videoRecvBitsPerSecond: 0,
        videoRecvPacketLoss: 0,
        videoSendBitsPerSecond: 0,
        videoSendPacketLoss: 0,
      },
      worstVideoReceivePacketLoss: 0,
      worstVideoSendPacketLoss: 0,
    },
    transport: {},
  };
}

export function qualityOf(loss: number, rttMs: number | undefined): number {
  const q = 100 - 400 * loss - Math.max(0, (rttMs ?? 0) - 150) / 10;
  return Math.round(Math.max(0, Math.min(100, q)));
}

export function thresholdOf(quality: number): NetworkThreshold {
  return quality >= 70 ? 'good' : quality >= 40 ? 'low' : 'veryLow';
}

/** The selected candidate pair of a connection, from the raw stats. */
export function connectionPath(stats: PeerStats): ConnectionPath | undefined {
  const raw = stats.raw ?? [];
  const byId = new Map(raw.map((r) => [String(r.id), r]));
  const transport = raw.find((r) => r.type === 'transport' && typeof r.selectedCandidatePairId === 'string');
  const pair = transport ? byId.get(String(transport.selectedCandidatePairId)) : undefined;
  if (!pair) return undefined;
  const local = byId.get(String(pair.localCandidateId));
  const remote = byId.get(String(pair.remoteCandidateId));
  if (!local || !remote) return undefined;
  const path: ConnectionPath = {
    localCandidateType: String(local.candidateType),
    remoteCandidateType: String(remote.candidateType),
    protocol: String(local.protocol ?? ''),
  };
  if (typeof pair.currentRoundTripTime === 'number') path.roundTripTimeMs = pair.currentRoundTripTime * 1000;
  return path;
}

/** Folds the stats of both connections into the next NetworkStats. */
export function nextNetworkStats(
  previous: NetworkStats,
  publisher: PeerStats | undefined,
  subscriber: PeerStats | undefined,
): NetworkStats {
  const s = (stats: PeerStats | undefined, key: keyof PeerStats['summary']): number => Number(stats?.summary[key] ?? 0);
  const latest = {
    receiveBitsPerSecond: Math.round(s(subscriber, 'receiveBitsPerSecond')),
    sendBitsPerSecond: Math.round(s(publisher, 'sendBitsPerSecond')),
    timestamp: Date.now(),
    totalRecvPacketLoss: s(subscriber, 'totalRecvPacketLoss'),
    totalSendPacketLoss: s(publisher, 'totalSendPacketLoss'),
    videoRecvBitsPerSecond: Math.round(s(subscriber, 'videoRecvBitsPerSecond')),
    videoRecvPacketLoss: s(subscriber, 'videoRecvPacketLoss'),
    videoSendBitsPerSecond: Math.round(s(publisher, 'videoSendBitsPerSecond')),
    videoSendPacketLoss: s(publisher, 'videoSendPacketLoss'),
  };
  const rtts = [publisher?.summary.roundTripTimeMs, subscriber?.summary.roundTripTimeMs].filter(
    (r): r is number => typeof r === 'number',
  );
  const rtt = rtts.length ? Math.max(...rtts) : undefined;
  const quality = qualityOf(Math.max(latest.totalRecvPacketLoss, latest.totalSendPacketLoss), rtt);
  const transport: NetworkStats['transport'] = {};
  const pubPath = publisher && connectionPath(publisher);
  const subPath = subscriber && connectionPath(subscriber);
  if (pubPath) transport.publisher = pubPath;
  if (subPath) transport.subscriber = subPath;
  return {
    previousThreshold: previous.threshold,
    quality,
    threshold: thresholdOf(quality),
    stats: {
      latest,
      worstVideoReceivePacketLoss: Math.max(previous.stats.worstVideoReceivePacketLoss, latest.videoRecvPacketLoss),
      worstVideoSendPacketLoss: Math.max(previous.stats.worstVideoSendPacketLoss, latest.videoSendPacketLoss),
    },
    transport,
  };
}

/** Stats of one connection (raw included, for the candidate pair); undefined if it cannot answer. */
export async function connectionStats(pc: PeerConnection | undefined): Promise<PeerStats | undefined> {
  if (!pc || pc.closed) return undefined;
  return pc.getStats({ raw: true }).catch(() => undefined);
}
