// VM.get_all_records: every VM the model knows is there with the fields it predicts; destroyed ones are
// gone; templates and dom0 get adopted (the "find a template" step).
import fc from 'fast-check';
import { command } from '../command.ts';

export const getAllRecordsCommand = fc.constant(null).map(() =>
  command(
    'VM.get_all_records',
    () => true,
    async (d) => {
      await d.call('VM.get_all_records', [d.session]);
    },
  ),
);
