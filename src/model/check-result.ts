// The verdict of comparing one observed answer with a prediction (check.ts), in a file of its own so that the
// checks check.ts delegates to (task-times.ts) return it without importing check.ts back.
export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };
