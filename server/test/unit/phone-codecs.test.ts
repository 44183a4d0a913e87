import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../../../src/errors';
import { phoneCodecs, preferPhoneCodecs } from '../../src/services/telephony/phone-codecs';

/** The engine's answer to pc.setCodecPreferences, for an engine that has `known` (the boundary faked). */
function engineWith(known: string[]): { calls: string[][]; set: (codecs: string[]) => Promise<string[]> } {
  const calls: string[][] = [];
  const set = async (codecs: string[]): Promise<string[]> => {
    calls.push([...codecs]);
    const bad = codecs.findIndex((c) => !known.some((k) => k.toLowerCase() === c.toLowerCase()));
    if (bad >= 0) throw new InvalidArgumentError(`codecs[${bad}]`, `unknown codec "${codecs[bad]}"`);
    return codecs.map((c) => known.find((k) => k.toLowerCase() === c.toLowerCase())!);
  };
  return { calls, set };
}

describe('phone codecs', () => {
  it('defaults to G.711 µ-law then A-law, always with telephone-event', () => {
    expect(phoneCodecs(undefined)).toEqual(['PCMU', 'PCMA', 'telephone-event']);
    expect(phoneCodecs(['OPUS', 'G722'])).toEqual(['opus', 'G722', 'telephone-event']);
  });

  it('applies the asked codecs in the asked order', async () => {
    const engine = engineWith(['opus', 'PCMU', 'PCMA', 'G722', 'telephone-event']);
    expect(await preferPhoneCodecs(engine.set, ['PCMA', 'PCMU', 'telephone-event'])).toEqual({
      applied: ['PCMA', 'PCMU', 'telephone-event'],
      missing: [],
    });
  });

  it('leaves out a codec the engine does not know and reports it missing', async () => {
    const engine = engineWith(['opus', 'PCMU', 'PCMA', 'telephone-event']);
    const result = await preferPhoneCodecs(engine.set, ['AMR', 'PCMU', 'G722', 'telephone-event']);
    expect(result).toEqual({ applied: ['PCMU', 'telephone-event'], missing: ['AMR', 'G722'] });
    expect(engine.calls).toHaveLength(3);
  });

  it('rethrows an error that names no codec', async () => {
    const failing = async (): Promise<string[]> => {
      throw new InvalidArgumentError('transceiverId', 'no such transceiver');
    };
    await expect(preferPhoneCodecs(failing, ['PCMU'])).rejects.toThrow(/transceiverId/);
  });
});
