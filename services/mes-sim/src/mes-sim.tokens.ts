/** The simulated plant's sites (derived from the plant model) that PlantService runs. */
export const MES_SIM_SITES = Symbol('andon:mes-sim-sites');
/** Where PlantService keeps its snapshot; absent: the plant lives in memory only. */
export const MES_SIM_SNAPSHOT = Symbol('andon:mes-sim-snapshot');
/** Where the generator publishes: the raw topics, or the Sparkplug publisher in front of them. */
export const MES_SIM_OUTLET = Symbol('andon:mes-sim-outlet');
/** The generator's options (interval, seed, malformed rate, scenario). */
export const MES_SIM_GENERATOR = Symbol('andon:mes-sim-generator');
/** The generator's logger. */
export const MES_SIM_LOG = Symbol('andon:mes-sim-log');
