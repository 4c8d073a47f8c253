/** What the figures were measured on, printed above every table. */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { listItem } from './table.ts';

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memory: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the run started: other work, i.e. noise. */
  load: number;
}

export function describeMachine(chromiumVersion: string): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    chromium: chromiumVersion,
    load: loadavg()[0]!,
  };
}

/** As a Markdown list, so it reads the same in a terminal and in docs. */
export function formatMachine(machine: Machine): string {
  return [
    `date: ${machine.date}`,
    `machine: ${machine.cores} cores (nproc), ${machine.cpu}, ` +
      `${machine.memory} memory, load average ${machine.load.toFixed(1)} ` +
      'at start',
    `Node ${machine.node}, Chromium ${machine.chromium} (headless)`,
  ]
    .map((line) => listItem(line))
    .join('\n');
}
