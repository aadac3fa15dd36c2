/** A source of the current time; the pure packages take `now` values from it. */
export interface Clock {
  /** The current time in unix milliseconds (an integer for the system clock). */
  now(): number;
}
