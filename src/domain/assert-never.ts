// Exhaustiveness check for switches over discriminated unions: a compile error when a case is missing.

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
