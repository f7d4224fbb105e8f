/**
 * The error every ledger write raises for a reference or state it cannot accept (evidence,
 * claims, shipments, observations); the CLI turns it into an exit code, the server into a status.
 */
export class LedgerError extends Error {
  constructor(
    message: string,
    /** `conflict`: refused by the record's state or by who asks (four-eyes), not by the input. */
    readonly kind: 'not-found' | 'invalid' | 'conflict' = 'invalid',
  ) {
    super(message);
  }
}
