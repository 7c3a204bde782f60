// The order in which commands pick VMs by index. Refs are random (OpaqueRef:<uuid>), so an order by ref
// makes a fixed seed act on different objects from one run to the next (issue 12 item 11: a replay must
// replay). VMs the run created come in creation order (the model's logical clock at the creation, the same
// for the same call sequence); VMs adopted from the target's records (default templates, dom0, others'
// VMs) come first, by name, then in the order the target listed them (a stable sort keeps it).
import type { ModelState, VmModel } from '../model/index.ts';

export function vmPickOrder(state: ModelState, vms: readonly VmModel[]): VmModel[] {
  const seq = (vm: VmModel): number => (vm.adopted ? 0 : (state.createdAt.get(vm.ref) ?? 0));
  return [...vms].sort((a, b) => {
    const bySeq = seq(a) - seq(b);
    if (bySeq !== 0) return bySeq;
    if (!a.adopted || !b.adopted) return 0;
    return a.nameLabel < b.nameLabel ? -1 : a.nameLabel > b.nameLabel ? 1 : 0;
  });
}
