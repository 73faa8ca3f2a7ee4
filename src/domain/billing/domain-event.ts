// An event a billing decision asks to record: the service writes it to the outbox with the
// request that caused it. `before` gives the object's previous state (previous_attributes).
export interface DomainEvent {
  type: string;
  object: { id?: string; object?: string } & Record<string, any>;
  before?: Record<string, any>;
  /** The instant it happened, when not the decision's `now`. */
  at?: number;
  customerId?: string | null;
}
