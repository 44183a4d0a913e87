/** Types of engine-protocol-spec.cjs (the engine protocol as src/engine/protocol declares it). */
export interface ProtocolKey {
  name: string;
  optional: boolean;
}

export interface ProtocolMethod {
  name: string;
  params: ProtocolKey[];
  result: ProtocolKey[];
}

export interface EngineProtocolSpec {
  version: number;
  frameKinds: { name: string; value: number }[];
  errorCodes: string[];
  methods: ProtocolMethod[];
  events: string[];
  dataTypes: string[];
}

export function readEngineProtocol(): EngineProtocolSpec;
