// `recur bill`: runs the engine's due work once (arrives with the billing engine).
export async function bill(_args: string[]): Promise<void> {
  console.error('The billing engine is not installed yet.');
  process.exit(1);
}
