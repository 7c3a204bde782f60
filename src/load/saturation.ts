// Generator saturation: if the load generator itself is the bottleneck, its latencies measure its own queueing,
// not the target. Each generator thread watches its event-loop delay (perf_hooks.monitorEventLoopDelay: how late
// timers fire, the direct measure of added latency) and its event-loop utilisation; the process watches its CPU
// time (process.cpuUsage) against the cores available. Over the limits the run is marked invalid.
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { ProcessCpu, SaturationReport, ThreadSaturation } from '../results/load-summary.ts';
export type { ProcessCpu, SaturationReport, ThreadSaturation };

export class ThreadMonitor {
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  readonly #elu0 = performance.eventLoopUtilization();

  constructor(readonly thread: string) {
    this.#delay.enable();
  }

  stop(): ThreadSaturation {
    this.#delay.disable();
    const elu = performance.eventLoopUtilization(this.#elu0);
    // The monitor's samples include its own 10 ms resolution; subtract it so an idle loop reads ~0 ms.
    const ms = (ns: number): number => (this.#delay.count === 0 ? 0 : Math.max(0, ns / 1e6 - 10));
    return {
      thread: this.thread,
      eventLoopDelayP50Ms: ms(this.#delay.percentile(50)),
      eventLoopDelayP90Ms: ms(this.#delay.percentile(90)),
      eventLoopDelayP99Ms: ms(this.#delay.percentile(99)),
      eventLoopDelayMaxMs: ms(this.#delay.max),
      utilization: elu.utilization,
    };
  }
}

function cpuNowUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

export class CpuMonitor {
  #cpu0 = cpuNowUs();
  #t0 = performance.timeOrigin + performance.now();

  /**
   * Measures from now: the test start, so that VU set-up (a login storm) and the boot of worker threads
   * (each loads tsx and compiles the sources) are not counted as load (issue 16: in a 3 s run over two
   * workers, the boot was most of the CPU the generator was charged with).
   */
  restart(): void {
    this.#cpu0 = cpuNowUs();
    this.#t0 = performance.timeOrigin + performance.now();
  }

  /**
   * The CPU share up to `end`, where the load ended (run-local.ts LoadEnd), or now: VU tear-down, the
   * threads' result serialisation and the merge are the summary's work, not load (issue 16: ~0.13 CPU-s of
   * a 3 s run over two workers, as wrk's start-up and report are not counted either).
   */
  stop(end?: { readonly epochMs: number; readonly cpuUs: number }): {
    cpuFraction: number;
    cores: number;
    cpuSeconds: number;
  } {
    const cpuUs = (end?.cpuUs ?? cpuNowUs()) - this.#cpu0;
    const wallUs = ((end?.epochMs ?? performance.timeOrigin + performance.now()) - this.#t0) * 1000;
    const cores = availableParallelism();
    return { cpuFraction: wallUs <= 0 ? 0 : cpuUs / (wallUs * cores), cores, cpuSeconds: cpuUs / 1e6 };
  }
}

export function judgeSaturation(
  threads: readonly ThreadSaturation[],
  processes: readonly ProcessCpu[],
  limits: { readonly maxEventLoopDelayP90Ms?: number; readonly maxCpuFraction?: number } = {},
): SaturationReport {
  const maxDelay = limits.maxEventLoopDelayP90Ms ?? 30;
  const maxCpu = limits.maxCpuFraction ?? 0.95;
  const reasons: string[] = [];
  for (const t of threads) {
    if (t.eventLoopDelayP90Ms > maxDelay) {
      reasons.push(
        `${t.thread}: event-loop delay p90 ${t.eventLoopDelayP90Ms.toFixed(1)} ms > ${maxDelay} ms`,
      );
    }
  }
  for (const p of processes) {
    if (!p.includesTarget && p.cpuFraction > maxCpu) {
      reasons.push(
        `${p.label}: CPU ${(p.cpuFraction * 100).toFixed(0)}% of ${p.cores} cores > ${(maxCpu * 100).toFixed(0)}%`,
      );
    }
  }
  return { threads, processes, valid: reasons.length === 0, reasons };
}
