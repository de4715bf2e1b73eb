// Self and inclusive time per function of a V8 CPU profile (CDP `Profiler.stop`, a
// `.cpuprofile` file): shared by profile-input.mjs and crates/wasm-bench/profile-top.mjs.
// A sample lasts until the next one (timeDeltas[i + 1]), as DevTools counts; a function's
// inclusive time counts each sample once, however deep its recursion.

/** A profile node's name: its function, or `(anonymous FILE)` for a nameless frame. */
export const frameName = (node) =>
  node.callFrame.functionName || `(anonymous ${node.callFrame.url.split("/").pop() || "native"})`;

/**
 * `{ self, inclusive, totalUs }`: Maps from function name to µs, and the time counted.
 * `skip` names leaf frames left out of everything (e.g. "(idle)"); `filter` keeps only the
 * samples whose stack has a frame whose name contains that text.
 */
export function functionTimes(profile, { skip = [], filter } = {}) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const timeUs = new Map();
  profile.samples.forEach((id, i) => timeUs.set(id, (timeUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
  const self = new Map();
  const inclusive = new Map();
  let totalUs = 0;
  for (const [id, us] of timeUs) {
    const leaf = frameName(nodes.get(id));
    if (skip.includes(leaf)) continue;
    const stack = [];
    for (let at = id; at != null; at = parent.get(at)) stack.push(frameName(nodes.get(at)));
    if (filter && !stack.some((fn) => fn.includes(filter))) continue;
    totalUs += us;
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    for (const fn of new Set(stack)) inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
  }
  return { self, inclusive, totalUs };
}
