// Loads every per-class message file of this folder (session.ts, VM.ts, task.ts, ...), so that a new
// class file needs no registration anywhere else: each registers itself with registerMessages().
import { readdirSync } from 'node:fs';

let loaded: Promise<void> | undefined;

export function loadMessageModules(): Promise<void> {
  loaded ??= (async () => {
    const dir = new URL('.', import.meta.url);
    const files = readdirSync(dir)
      .filter(
        (f) =>
          f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'load-message-modules.ts' && f !== 'index.ts',
      )
      .sort();
    for (const f of files) await import(new URL(f, dir).href);
  })();
  return loaded;
}
