// GET /rrd_updates (xen-api doc/content/design/sr-level-rrds.md; the rrdtool "xport" format written by
// xapi-project/xcp-rrd lib/rrd_updates.ml): the rows of one round-robin archive from `start` to now,
// newest first, for the host (host=true) and the running VMs (vm_uuid=all|<uuid>|none; all when
// absent). Archives as xcp-rrdd keeps them: 5 s × 120, 60 s × 120, 3600 s × 168, 86400 s × 366;
// `interval` picks the finest archive at least that coarse; `cf` picks one consolidation function
// (AVERAGE, MIN, MAX), all three when absent. Values print as "%0.4f", zero as "0.0", NaN as "NaN"
// (rrd_utils.ml f_to_s). The session comes from ?session_id=.
// DEVIATION: SR RRDs (sr_uuid) are not kept; HTTP basic authentication is not accepted.
import type { EmuRequest, EmuResponse } from '../server/http-types.ts';
import type { Clock } from '../clock.ts';
import type { ObjectDb } from '../db/object-db.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import type { HostRefs } from '../registry/message-context.ts';
import type { SessionManager } from '../sessions/session-manager.ts';
import { str } from '../lifecycle/record-values.ts';
import { hostSources, vmSources, type DataSourceSet } from './data-sources.ts';

export interface RrdUpdatesOptions {
  readonly db: ObjectDb;
  readonly sessions: SessionManager;
  readonly host: HostRefs;
  readonly clock: Clock;
}

const ARCHIVES: readonly (readonly [step: number, rows: number])[] = [
  [5, 120],
  [60, 120],
  [3600, 168],
  [86400, 366],
];
const CFS = ['AVERAGE', 'MIN', 'MAX'] as const;

const encoder = new TextEncoder();

function page(status: number, text: string): EmuResponse {
  return {
    status,
    headers: { 'content-type': 'text/html', 'access-control-allow-origin': '*' },
    body: encoder.encode(`<html><body><h1>HTTP ${status} ${text}</h1></body></html>`),
  };
}

/** Utils.f_to_s. */
function formatRrdValue(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  if (f === 0) return '0.0';
  return f.toFixed(4);
}

/** The value of a consolidated data point: the CF spreads a little around the average. */
function consolidate(cf: (typeof CFS)[number], avg: number, step: number): number {
  if (step <= 5 || cf === 'AVERAGE') return avg;
  return cf === 'MIN' ? avg * 0.8 : avg * 1.25;
}

export function rrdUpdatesHandler(
  o: RrdUpdatesOptions,
): (req: EmuRequest) => Promise<EmuResponse> | undefined {
  return (req) => {
    const [path, query = ''] = req.path.split('?', 2) as [string, string?];
    if (path !== '/rrd_updates') return undefined;
    return Promise.resolve(serve(o, new URLSearchParams(query)));
  };
}

function serve(o: RrdUpdatesOptions, q: URLSearchParams): EmuResponse {
  try {
    o.sessions.check(q.get('session_id') ?? '');
  } catch (err) {
    if (err instanceof XapiFailure) return page(401, 'unauthorised');
    throw err;
  }
  const startText = q.get('start');
  if (startText === null || !/^-?\d+$/.test(startText)) return page(400, 'bad request: start is required');
  const now = Math.floor(o.clock.now().getTime() / 1000);
  let start = Number(startText);
  if (start < 0) start = now + start;
  const interval = Number(q.get('interval') ?? '0');
  const cfParam = (q.get('cf') ?? '').toUpperCase();
  const cfs = CFS.filter((c) => cfParam === '' || c === cfParam);
  if (cfs.length === 0) return page(400, 'bad request: unknown consolidation function');

  const sets: DataSourceSet[] = [];
  if (q.get('host') === 'true') {
    const h = hostSources(o.db, o.host);
    if (h !== undefined) sets.push(h);
  }
  const vmParam = q.get('vm_uuid');
  for (const vm of o.db.all('VM')) {
    const state = str(vm.record['power_state']);
    if (state !== 'Running' && state !== 'Paused') continue;
    if (vmParam !== null && vmParam !== 'all' && vmParam !== vm.record['uuid']) continue;
    sets.push(vmSources(vm.record, o.db.get('VM_metrics', str(vm.record['metrics']))?.record));
  }

  // find_best_rras: the finest archive whose step covers the interval and that reaches back to start.
  const archive =
    ARCHIVES.find(([step, rows]) => step >= interval && now - step * rows <= start) ??
    ARCHIVES[ARCHIVES.length - 1]!;
  const [step, rowCount] = archive;
  const last = Math.floor(now / step) * step;
  const first = Math.floor(start / step) * step + step;

  const legend: string[] = [];
  for (const s of sets) for (const cf of cfs) for (const n of s.names) legend.push(`${cf}:${s.prefix}${n}`);
  const json = q.get('json') === 'true';
  let rows = '';
  const jsonRows: string[] = [];
  let count = 0;
  for (let i = 0; i < rowCount; i++) {
    const t = last - i * step;
    if (t < start) break;
    const values: string[] = [];
    for (const s of sets) {
      for (const cf of cfs)
        for (let d = 0; d < s.names.length; d++)
          values.push(formatRrdValue(consolidate(cf, s.value(d, t), step)));
    }
    count++;
    if (json) jsonRows.push(`{t:${t},values:[${values.join(',')}]}`);
    else rows += `<row><t>${t}</t>${values.map((v) => `<v>${v}</v>`).join('')}</row>`;
  }
  if (json) {
    // rrd_updates.ml json_of_t: rrdtool's relaxed JSON (unquoted keys), kept as xapi sends it.
    const body =
      `{meta: {start:${first},step:${step},end:${last},rows:${count},columns:${legend.length},` +
      `legend:[${legend.map((l) => `"${l}"`).join(',')}]},data:[${jsonRows.join(',')}]}`;
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
      body: encoder.encode(body),
    };
  }
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><xport><meta>' +
    `<start>${first}</start><step>${step}</step><end>${last}</end><rows>${count}</rows><columns>${legend.length}</columns>` +
    `<legend>${legend.map((l) => `<entry>${l}</entry>`).join('')}</legend></meta><data>${rows}</data></xport>`;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'access-control-allow-origin': '*' },
    body: encoder.encode(body),
  };
}
