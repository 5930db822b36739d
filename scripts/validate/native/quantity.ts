/** The API server's quantity checks compare doubles (core/quantity.ts), for sign and order only. */
export { parseQuantity as quantityValue } from '../../core/quantity.ts';

/** a > b beyond rounding: equal quantities written differently ("0.5" and "500m") never compare greater. */
export function clearlyGreater(a: number, b: number): boolean {
  return a > b + Math.abs(b) * 1e-9;
}

/** A quantity as its manifest wrote it, for messages. */
export function quantityText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}
