// Builds ESM + CJS bundles and bundled .d.ts files for each public entry point.
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { builtinModules } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies ?? {}),
];

// `purertc/media`: the IVF, Ogg Opus and Annex B readers and writers, apart from the API.
const input = { index: 'src/index.ts', polyfill: 'src/polyfill.ts', media: 'src/media/index.ts' };

// Chunk names carry a content hash: without emptying dist/ first, every build leaves the
// previous chunks behind, and `npm pack` ships them.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

export default [
  {
    input,
    external,
    plugins: [typescript({ tsconfig: './tsconfig.build.json' })],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', exports: 'named' },
    ],
  },
  {
    input,
    external,
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
      // The same declarations for `require`: under "type": "module" a .d.ts describes an ES
      // module, which TypeScript (node16/nodenext) refuses to let a CommonJS file require.
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: 'chunks/[name]-[hash].d.cts' },
    ],
  },
];
