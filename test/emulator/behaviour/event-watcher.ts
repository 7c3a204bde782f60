// A second client that follows event.from and keeps every event it receives, so a test can wait for
// the event it must see (bounded in time) and inspect the whole stream afterwards.
import type { Session, XapiEvent } from '../../../src/client/index.ts';
import type { Rec } from './helpers.ts';

export class EventWatcher {
  readonly events: XapiEvent[] = [];
  #token = '';
  #stopped = false;
  #loop: Promise<void> | undefined;
  #waiters: (() => void)[] = [];
  error: unknown;

  constructor(
    readonly session: Session,
    readonly classes: readonly string[],
  ) {}

  /** Reads the current token (so only later changes are seen), then follows event.from. */
  async start(): Promise<void> {
    const first = await this.session.eventFrom(this.classes, '', 0);
    this.#token = first.token;
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    const deadline = Date.now() + 60_000;
    try {
      while (!this.#stopped && Date.now() < deadline) {
        const b = await this.session.eventFrom(this.classes, this.#token, 1);
        this.#token = b.token;
        this.events.push(...b.events);
        for (const w of this.#waiters.splice(0)) w();
      }
    } catch (err) {
      this.error = err;
      for (const w of this.#waiters.splice(0)) w();
    }
  }

  /** Waits (at most `ms`) for an event matching `pred`; returns it. */
  async waitFor(pred: (e: XapiEvent) => boolean, what: string, ms = 10_000): Promise<XapiEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.events.find(pred);
      if (hit !== undefined) return hit;
      if (this.error instanceof Error) throw this.error;
      if (this.error !== undefined) throw new Error('event watcher failed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`event not seen within ${ms} ms: ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }
}

export function snap(e: { readonly snapshot?: unknown }): Rec {
  return (e.snapshot ?? {}) as Rec;
}
