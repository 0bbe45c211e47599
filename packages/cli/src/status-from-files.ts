import { createStatusChecker } from '@laurel/status-list';
import type { StatusChecker } from '@laurel/suites';
import { readJsonInput, type CliIo } from './io.js';

/** Checks status against status list credentials given as files, keyed by their `id`. */
export async function statusCheckerFromFiles(io: CliIo, files: readonly string[], now: Date): Promise<StatusChecker> {
  const lists = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    const list = await readJsonInput(io, file, 'status list credential');
    if (typeof list.id === 'string') lists.set(list.id, list);
  }
  return createStatusChecker({
    now,
    loadStatusList: async (url) => {
      const list = lists.get(url);
      if (!list) throw new Error(`no --status-list file has id ${url}`);
      return list;
    },
  });
}
