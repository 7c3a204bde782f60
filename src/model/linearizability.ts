// A WGL-style linearizability checker (Wing & Gong 1993, with Lowe's memoisation of (linearized set, state),
// as in Porcupine and Knossos' "linear" checker), for issue 8 §3: N clients call the target concurrently and
// the history of invoke/return times must be explainable by some sequential order the model accepts.
// P-compositionality (Horn & Kroening 2015): when the model is a product of independent parts (e.g. one VM per
// part), each part's sub-history is checked alone, which keeps the search small.

/** One completed call in a concurrent history. */
export interface HistoryEntry<C, O> {
  readonly client: number | string;
  readonly call: C;
  /** When the call was sent and when its answer arrived, on one clock (ms). */
  readonly invokeAt: number;
  readonly returnAt: number;
  readonly observed: O;
}

/** A (possibly non-deterministic) sequential specification. */
export interface LinearizabilityModel<S, C, O> {
  readonly init: S;
  /** The states the model may be in after `call` answered `observed` in state `state`; none: not allowed. */
  step(state: S, call: C, observed: O): readonly S[];
  /** A canonical key: equal keys mean equal states (used for memoisation). */
  key(state: S): string;
  /** P-compositionality: the independent part an entry belongs to; undefined when it touches several. */
  partition?(call: C): string | undefined;
}

export type LinearizabilityResult<C, O> =
  | { readonly ok: true; readonly partitions: number; readonly explored: number }
  | {
      readonly ok: false;
      readonly partition: string;
      /** The longest prefix of a sequential order the search could justify. */
      readonly longestPrefix: readonly HistoryEntry<C, O>[];
      /** Entries that could not be placed after that prefix (the witnesses of the violation). */
      readonly pending: readonly HistoryEntry<C, O>[];
      readonly explored: number;
    }
  | { readonly ok: 'unknown'; readonly reason: string; readonly explored: number };

interface LinearizabilityOptions {
  /** Give up (result 'unknown') after this long; default 10 s. */
  readonly timeoutMs?: number;
}

interface Node {
  readonly id: number;
  readonly isCall: boolean;
  readonly time: number;
  match?: Node;
  prev?: Node | undefined;
  next?: Node | undefined;
}

class Bits {
  readonly words: Uint32Array;
  constructor(n: number) {
    this.words = new Uint32Array(Math.ceil(n / 32) + 1);
  }
  set(i: number): void {
    this.words[i >>> 5] = (this.words[i >>> 5] as number) | (1 << (i & 31));
  }
  clear(i: number): void {
    this.words[i >>> 5] = (this.words[i >>> 5] as number) & ~(1 << (i & 31));
  }
  key(): string {
    return String.fromCharCode(...new Uint16Array(this.words.buffer));
  }
}

export function checkLinearizable<S, C, O>(
  history: readonly HistoryEntry<C, O>[],
  model: LinearizabilityModel<S, C, O>,
  options: LinearizabilityOptions = {},
): LinearizabilityResult<C, O> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const parts = new Map<string, HistoryEntry<C, O>[]>();
  const partitionOf = model.partition?.bind(model);
  const keys = history.map((e) => (partitionOf === undefined ? '' : partitionOf(e.call)));
  if (keys.some((k) => k === undefined)) {
    parts.set('', [...history]);
  } else {
    history.forEach((e, i) => {
      const k = keys[i] as string;
      const list = parts.get(k) ?? [];
      list.push(e);
      parts.set(k, list);
    });
  }
  let explored = 0;
  for (const [name, entries] of parts) {
    const r = checkPart(entries, model, deadline);
    explored += r.explored;
    if (r.ok === 'unknown') return { ok: 'unknown', reason: r.reason, explored };
    if (!r.ok) return { ...r, partition: name, explored };
  }
  return { ok: true, partitions: parts.size, explored };
}

type PartResult<C, O> =
  | { ok: true; explored: number }
  | { ok: false; longestPrefix: HistoryEntry<C, O>[]; pending: HistoryEntry<C, O>[]; explored: number }
  | { ok: 'unknown'; reason: string; explored: number };

function checkPart<S, C, O>(
  entries: readonly HistoryEntry<C, O>[],
  model: LinearizabilityModel<S, C, O>,
  deadline: number,
): PartResult<C, O> {
  const n = entries.length;
  // Events sorted by time; at equal times calls come first, so touching intervals count as concurrent.
  const nodes: Node[] = [];
  entries.forEach((e, id) => {
    const call: Node = { id, isCall: true, time: e.invokeAt };
    const ret: Node = { id, isCall: false, time: Math.max(e.returnAt, e.invokeAt) };
    call.match = ret;
    nodes.push(call, ret);
  });
  nodes.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.id - b.id : a.isCall ? -1 : 1));
  const head: Node = { id: -1, isCall: false, time: -Infinity };
  let prev = head;
  for (const node of nodes) {
    prev.next = node;
    node.prev = prev;
    prev = node;
  }
  const lift = (c: Node): void => {
    const r = c.match as Node;
    (c.prev as Node).next = c.next;
    if (c.next !== undefined) c.next.prev = c.prev;
    (r.prev as Node).next = r.next;
    if (r.next !== undefined) r.next.prev = r.prev;
  };
  const unlift = (c: Node): void => {
    const r = c.match as Node;
    (r.prev as Node).next = r;
    if (r.next !== undefined) r.next.prev = r;
    (c.prev as Node).next = c;
    if (c.next !== undefined) c.next.prev = c;
  };

  interface Frame {
    readonly node: Node;
    readonly before: S;
    readonly options: readonly S[];
    readonly index: number;
  }
  const bits = new Bits(n);
  const cache = new Set<string>();
  const stack: Frame[] = [];
  let state = model.init;
  let explored = 0;
  let best: number[] = [];

  const tryFrom = (node: Node, options: readonly S[], start: number): boolean => {
    bits.set(node.id);
    const bk = bits.key();
    for (let i = start; i < options.length; i += 1) {
      const s = options[i] as S;
      const k = `${bk}|${model.key(s)}`;
      if (cache.has(k)) continue;
      cache.add(k);
      stack.push({ node, before: state, options, index: i });
      state = s;
      lift(node);
      return true;
    }
    bits.clear(node.id);
    return false;
  };

  let node = head.next;
  while (head.next !== undefined) {
    explored += 1;
    if ((explored & 1023) === 0 && Date.now() > deadline) {
      return { ok: 'unknown', reason: `no verdict within the time limit (${n} calls)`, explored };
    }
    if (node === undefined) break;
    if (node.isCall) {
      const entry = entries[node.id] as HistoryEntry<C, O>;
      if (tryFrom(node, model.step(state, entry.call, entry.observed), 0)) {
        if (stack.length > best.length) best = stack.map((f) => f.node.id);
        node = head.next;
        continue;
      }
      node = node.next;
      continue;
    }
    // A return event: the call it closes cannot be placed, so undo the last choice.
    let resumed = false;
    while (!resumed) {
      const frame = stack.pop();
      if (frame === undefined) {
        const placed = new Set(best);
        return {
          ok: false,
          longestPrefix: best.map((id) => entries[id] as HistoryEntry<C, O>),
          pending: entries.filter((_e, id) => !placed.has(id)),
          explored,
        };
      }
      unlift(frame.node);
      bits.clear(frame.node.id);
      state = frame.before;
      if (tryFrom(frame.node, frame.options, frame.index + 1)) {
        node = head.next;
        resumed = true;
      } else {
        node = frame.node.next;
        resumed = true;
      }
    }
  }
  return { ok: true, explored };
}
