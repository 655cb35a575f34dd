// Remakes test/fixtures/media/ with ffmpeg: every recipe's file and ffprobe's packets of it
// (packets.json), which the unit tests compare the readers with when ffmpeg is absent.
//   node --import tsx test/media/generate-fixtures.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate, probePackets, RECIPES } from './ffmpeg.js';

const DIR = fileURLToPath(new URL('../fixtures/media/', import.meta.url));
const packets: Record<string, Array<[pts: number | null, duration: number | null, size: number, pos: number, keyframe: 0 | 1]>> = {};
for (const recipe of RECIPES) {
  const path = DIR + recipe.file;
  generate(recipe, path);
  packets[recipe.file] = probePackets(path, recipe.file.endsWith('.h264') ? 'h264' : undefined).map((p) => [p.pts ?? null, p.duration ?? null, p.size, p.pos, p.keyframe ? 1 : 0]);
}
writeFileSync(`${DIR}packets.json`, `{\n${Object.entries(packets).map(([f, list]) => `  ${JSON.stringify(f)}: ${JSON.stringify(list)}`).join(',\n')}\n}\n`);
console.log(`wrote ${RECIPES.length} files and packets.json to ${DIR}`);
