/** Types of engine-protocol-spec.cjs (the engine protocol as src/engine/protocol declares it). */
export interface ProtocolKey {
  name: string;
  optional: boolean;
}

/** The JSON type a param must have; `nullable`: null is taken as absent. */
export type ParamType =
  | { kind: 'string' | 'number' | 'boolean' | 'strings' | 'any' | 'object' | 'array'; nullable: boolean }
  | { kind: 'enum'; values: string[]; nullable: boolean; alias?: string };

export interface ProtocolParam extends ProtocolKey {
  type: ParamType;
}

export interface ProtocolMethod {
  name: string;
  params: ProtocolParam[];
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
