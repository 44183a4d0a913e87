/**
 * Byte views of the values the SDK accepts as frame data.
 * @internal
 * @module
 */
import { InvalidArgumentError } from '../../errors';

/** Buffer, any TypedArray, DataView or ArrayBuffer, viewed as bytes without a copy. */
export function frameBytes(value: unknown, field: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return new Uint8Array(value);
  throw new InvalidArgumentError(
    field,
    `must be a Buffer, TypedArray, DataView or ArrayBuffer, got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
