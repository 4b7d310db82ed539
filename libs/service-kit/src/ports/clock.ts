/** The time every use case of a service reads; tests hand the module one they move. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The clock's token: `@Inject(SERVICE_CLOCK) private readonly clock: Clock`. */
export const SERVICE_CLOCK = Symbol('andon:service-clock');

/** A clock from a `now` function (the form module options and adapters take). */
export const clockOf = (now: () => Date): Clock => ({ now });
