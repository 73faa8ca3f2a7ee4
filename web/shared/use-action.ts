// A form's or button's action: busy while it runs (and which one, when a screen has several), the
// error it ended with (shown next to the field it names, or above the form), nothing when it succeeded.
import { useState } from 'react';
import { ApiError } from './api.ts';

export interface RunOptions {
  /** Which of a screen's actions this is, so only its button spins. */
  label?: string;
  /** Asked first; the action runs only when the user agrees. */
  confirm?: string;
}

export function useAction() {
  const [pending, setPending] = useState<string>();
  const [error, setError] = useState<unknown>();
  /** Runs `fn`; true when it succeeded, false when it failed or was not confirmed. */
  const run = async (fn: () => Promise<unknown>, opts: RunOptions = {}): Promise<boolean> => {
    if (opts.confirm && !window.confirm(opts.confirm)) return false;
    setPending(opts.label ?? '');
    setError(undefined);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setPending(undefined);
    }
  };
  /** Refuses before anything is sent, as the API would: the message shows next to `param`. */
  const refuse = (param: string, message: string) => setError(new ApiError(400, { type: 'invalid_request_error', param, message }));
  return { busy: pending !== undefined, pending, error, setError, run, refuse };
}
