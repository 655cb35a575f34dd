// In-process CPU profiling of just the measured phase (node:inspector), so start-up and
// module loading stay out of the profile.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** Starts the V8 sampling profiler; the returned function stops it and writes `file`. */
export async function startProfiler(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
  };
}
