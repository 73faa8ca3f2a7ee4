// A status machine as one table of allowed transitions; every status change asks it.

export type TransitionResult<S extends string> = { ok: true; status: S } | { ok: false; reason: string };

export type TransitionTable<S extends string> = { readonly [K in S]: readonly S[] };

export interface StateMachine<S extends string> {
  readonly statuses: readonly S[];
  readonly table: TransitionTable<S>;
  isStatus(value: string): value is S;
  canTransition(from: S, to: S): boolean;
  transition(from: S, to: S): TransitionResult<S>;
  isTerminal(status: S): boolean;
}

export function stateMachine<S extends string>(name: string, statuses: readonly S[], table: TransitionTable<S>): StateMachine<S> {
  const canTransition = (from: S, to: S) => table[from].includes(to);
  return {
    statuses,
    table,
    isStatus: (value: string): value is S => (statuses as readonly string[]).includes(value),
    canTransition,
    transition(from, to) {
      if (canTransition(from, to)) return { ok: true, status: to };
      if (from === to) return { ok: false, reason: `${name} is already ${from}` };
      if (table[from].length === 0) return { ok: false, reason: `${name} is ${from}, which is final` };
      return { ok: false, reason: `${name} cannot go from ${from} to ${to}` };
    },
    isTerminal: (status) => table[status].length === 0,
  };
}
