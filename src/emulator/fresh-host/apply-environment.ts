// At every start xapi rewrites what it measures of the host it runs on (dbsync_slave.ml: host
// software_version through create_misc.ml create_software_version; the SR sizes through the storage
// layer's SR.scan/update): so the release, the host's presentation and the default SR's size follow the
// options of this start, on a fresh host and after a restart alike (issue 11).
import type { ObjectDb } from '../db/object-db.ts';
import { mapOf, num } from '../lifecycle/record-values.ts';
import type { HostRefs } from '../registry/message-context.ts';
import type { Environment } from '../release/environment.ts';

export function applyEnvironment(db: ObjectDb, host: HostRefs, env: Environment): void {
  db.update('host', host.host, { software_version: { ...env.release.softwareVersion } });
  // Pool members (pool/seed-pool-members.ts) run the same release; each keeps its own hostname key.
  for (const member of [...db.all('host')]) {
    if (member.ref === host.host) continue;
    const own = mapOf(member.record['software_version'])['hostname'];
    db.update('host', member.ref, {
      software_version: {
        ...env.release.softwareVersion,
        ...(typeof own === 'string' ? { hostname: own } : {}),
      },
    });
  }
  const sr = db.get('SR', host.localSr);
  if (sr !== undefined) {
    const used = num(sr.record['physical_utilisation']);
    db.update('SR', host.localSr, {
      physical_size: env.srSizeBytes,
      physical_utilisation: Math.min(used, env.srSizeBytes),
    });
  }
}
