/**
 * The network-quality indicator: every 2 s, packet loss (of what we receive,
 * and what the server reports for what we send) and round-trip time from both
 * connections' stats give `good`, `low` or `very-low`
 * (`[data-testid="network-quality"][data-quality]`).
 */
import { el, setAttr, setText } from './dom';

export type Quality = 'good' | 'low' | 'very-low';

interface Counters {
  lost: number;
  received: number;
}

export class NetworkQuality {
  readonly element = el(
    'span',
    { 'data-testid': 'network-quality', 'data-quality': 'good', class: 'network-quality', role: 'status' },
    'Network: good',
  );
  private timer: number | undefined;
  private last: Counters = { lost: 0, received: 0 };

  start(connections: () => (RTCPeerConnection | undefined)[]): void {
    this.timer ??= window.setInterval(() => void this.measure(connections()), 2000);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private async measure(pcs: (RTCPeerConnection | undefined)[]): Promise<void> {
    const now: Counters = { lost: 0, received: 0 };
    let rtt = 0;
    // What the server reports about our sending (RTCP receiver reports), already a fraction.
    let sendLoss = 0;
    for (const pc of pcs) {
      if (!pc || pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp') {
          now.lost += Number(s.packetsLost ?? 0);
          now.received += Number(s.packetsReceived ?? 0);
        } else if (s.type === 'remote-inbound-rtp') {
          sendLoss = Math.max(sendLoss, Number(s.fractionLost ?? 0));
          rtt = Math.max(rtt, Number(s.roundTripTime ?? 0));
        } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
          rtt = Math.max(rtt, Number(s.currentRoundTripTime ?? 0));
        }
      });
    }
    const lost = Math.max(0, now.lost - this.last.lost);
    const received = Math.max(0, now.received - this.last.received);
    this.last = now;
    const loss = Math.max(sendLoss, lost + received > 0 ? lost / (lost + received) : 0);
    this.show(loss > 0.1 || rtt > 1 ? 'very-low' : loss > 0.03 || rtt > 0.4 ? 'low' : 'good');
  }

  private show(q: Quality): void {
    setAttr(this.element, 'data-quality', q);
    setText(this.element, `Network: ${q === 'very-low' ? 'very low' : q}`);
  }
}
