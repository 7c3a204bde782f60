// Metrics of the emulated host (issue 4): the /rrd_updates endpoint and its data sources.
export { formatRrdValue, rrdUpdatesHandler, type RrdUpdatesOptions } from './rrd-updates.ts';
export { hostSources, vmSources, type DataSourceSet } from './data-sources.ts';
