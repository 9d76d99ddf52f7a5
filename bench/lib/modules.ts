// Every file in bench/scenarios/ is a capability's benchmark module: adding one is adding a file.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule } from './types.js';

export const SCENARIOS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');

export async function loadModules(dir = SCENARIOS_DIR): Promise<BenchModule[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .sort();
  const modules: BenchModule[] = [];
  for (const f of files) {
    const imported = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: BenchModule };
    const m = imported.default;
    if (!m || typeof m.name !== 'string') {
      throw new Error(`bench/scenarios/${f} must export default defineModule({ name, … })`);
    }
    modules.push(m);
  }
  return orderModules(modules);
}

/** Dependency order: each module after those it names; `after: 'all'` last. */
export function orderModules(modules: BenchModule[]): BenchModule[] {
  const byName = new Map(modules.map((m) => [m.name, m]));
  if (byName.size !== modules.length) throw new Error('two benchmark modules have the same name');
  const ordered: BenchModule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: BenchModule) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting')
      throw new Error(`benchmark modules depend on each other: ${m.name}`);
    state.set(m.name, 'visiting');
    const deps = m.after === 'all' ? [] : (m.after ?? []);
    for (const d of deps) {
      const dep = byName.get(d);
      if (!dep) throw new Error(`benchmark module ${m.name} runs after ${d}, which does not exist`);
      visit(dep);
    }
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of modules) if (m.after !== 'all') visit(m);
  for (const m of modules) if (m.after === 'all') visit(m);
  return ordered;
}
