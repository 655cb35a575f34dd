// The registry of benchmarked stacks.
import { nodeDatachannel } from './node-datachannel.js';
import { purertc } from './purertc.js';
import type { Stack, StackId } from './types.js';
import { werift } from './werift.js';
import { wrtc } from './wrtc.js';

export { STACK_IDS, type Stack, type StackId } from './types.js';

const STACKS: Record<StackId, Stack> = {
  purertc,
  'node-datachannel': nodeDatachannel,
  wrtc,
  werift,
};

/** The adapter for `id`, loaded. */
export async function loadStack(id: StackId): Promise<Stack> {
  const stack = STACKS[id];
  await stack.load();
  return stack;
}

/** The adapter for `id`, not loaded (for names and versions). */
export function stackById(id: StackId): Stack {
  return STACKS[id];
}
