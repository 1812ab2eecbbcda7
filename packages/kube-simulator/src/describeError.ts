/** The message of whatever was thrown, for the error texts the simulator sends back. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
