// CPU time used by a Chromium process tree, read from /proc: a figure that other work on a shared
// machine inflates far less than wall-clock time. Linux only; elsewhere it reports nothing.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Process type of a Chromium process from its command line ("browser" for the main one). */
function processType(pid) {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // Chromium rewrites its argv: spaces, not NULs
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === 'utility') return args.find((a) => a.startsWith('--utility-sub-type='))?.split('.').pop() ?? 'utility';
  return type ?? 'browser';
}

/** CPU milliseconds (user + system) of `rootPid` and its descendants, by process. */
export function browserCpu(rootPid) {
  if (!rootPid) return null;
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const stats = new Map();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name may hold spaces: fields are counted after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(pid), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (pid) => {
    for (let p = pid; p > 1; p = stats.get(p)?.ppid ?? 0) if (p === rootPid) return true;
    return false;
  };
  const byPid = new Map();
  for (const [pid, { ticks }] of stats) {
    if (!inTree(pid)) continue;
    try {
      byPid.set(pid, { type: pid === rootPid ? 'node' : processType(pid), ms: (ticks * 1000) / TICKS_PER_SECOND });
    } catch {
      // Gone already.
    }
  }
  return byPid;
}

/** CPU ms used between two readings, by process type, plus the total. */
export function cpuDelta(before, after) {
  if (!before || !after) return null;
  const byType = {};
  let total = 0;
  for (const [pid, { type, ms }] of after) {
    const used = ms - (before.get(pid)?.ms ?? 0);
    if (used <= 0) continue;
    byType[type] = (byType[type] ?? 0) + used;
    total += used;
  }
  return { total, byType };
}
