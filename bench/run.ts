// `npm run bench [-- filter...]`: runs every bench/*.bench.ts in name order, or only those whose
// file name contains one of the filters (e.g. `npm run bench -- codec`). Each module exports
// `bench(): Promise<void>`, which prints its own tables of ratios against a same-run baseline.
import { readdirSync } from 'node:fs';
import { writeBenchCharts } from './lib/bench-chart.ts';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  bench(): Promise<void>;
}

async function main(argv: readonly string[]): Promise<number> {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => argv.length === 0 || argv.some((a) => f.includes(a)))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`no benchmark matches ${argv.join(' ')}\n`);
    return 2;
  }
  process.stdout.write(`node ${process.version}, ${process.arch}; benchmarks: ${files.join(', ')}\n`);
  for (const f of files) {
    const mod = (await import(pathToFileURL(`${dir}/${f}`).href)) as Partial<BenchModule>;
    if (typeof mod.bench !== 'function') {
      process.stderr.write(`${f}: no exported bench()\n`);
      return 1;
    }
    process.stdout.write(`\n== ${f} ==\n`);
    await mod.bench();
  }
  const charts = 'out/bench/index.html';
  const heading = `node ${process.version}, ${process.arch}, ${new Date().toISOString()}: ${files.join(', ')}`;
  if (writeBenchCharts(charts, heading)) process.stdout.write(`\ncharts of the ratios: ${charts}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
