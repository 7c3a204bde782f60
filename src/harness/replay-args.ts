// The flags a printed replay command needs to run as pasted (issue 12 §4): the same target, credentials
// by variable name only (a password never appears in a command), the same TLS, profile, faults, call
// limit and expectations, then the property.
import type { HarnessOptions } from './run-options.ts';

/** Single-quotes a word for a POSIX shell when it holds anything but safe characters. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function replayArgs(o: HarnessOptions, area: string, id: string): string[] {
  const args: string[] = [];
  if (o.mirror !== undefined) {
    // A differential run (issue 15): `diff` with both sides as given, passwords by variable name.
    args.push(...(o.mirror.sideArgs ?? ['--a', o.target, '--b', o.mirror.target]));
    if (o.allowDisruptive && (o.target !== 'emulator' || o.mirror.target !== 'emulator'))
      args.push('--allow-disruptive');
    if (o.target === 'emulator' && o.transport !== 'in-process') args.push('--transport', o.transport);
  } else if (o.target !== 'emulator') {
    args.push('--target', o.target);
    if (o.user !== undefined) args.push('--user', o.user);
    // The variable the password was read from; a password typed on the command line has none, so the
    // command names the project-wide XAPI_PASSWORD.
    args.push('--password-env', o.passwordEnv ?? 'XAPI_PASSWORD');
    if (o.insecure) args.push('--insecure');
    if (o.allowDisruptive) args.push('--allow-disruptive');
  } else if (o.transport !== 'in-process') {
    args.push('--transport', o.transport);
  }
  if (o.profile !== 'auto') args.push('--profile', o.profile);
  for (const f of o.faults) args.push('--fault', f);
  if (o.callTimeoutMs !== undefined) args.push('--call-timeout', `${o.callTimeoutMs}ms`);
  if (o.expectationsFile !== undefined) args.push('--expectations', o.expectationsFile);
  args.push('--suite', area, '--property', id);
  return args.map(shellWord);
}
