/** Injection token of the EventBus instance given to BusModule.forRoot. */
export const EVENT_BUS = Symbol('andon:event-bus');
export const BUS_MODULE_OPTIONS = Symbol('andon:bus-module-options');
export const SUBSCRIBE_METADATA = 'andon:bus-subscribe';
