/** Thrown inside a transaction to roll it back when a conditional write found the row changed. */
export class StaleWrite extends Error {}
