// The commands that make the VMs the events and tasks properties act on: a fresh VM (listed twice: fast-check
// draws each listed command alike, so it is drawn twice as often), a clone and a provision.
import { cloneCommand, newVmCommand, provisionCommand } from '../../generators/index.ts';

export const VM_MAKERS = [newVmCommand, newVmCommand, cloneCommand, provisionCommand] as const;
