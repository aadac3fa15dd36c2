import { expect, it } from 'vitest';
import { readmeExample } from '../../../scripts/readme-example.js';
import { example } from './readme-example.js';

it('the README example is test/readme-example.ts, with the package import', () => {
  const { readme, file } = readmeExample(
    new URL('../README.md', import.meta.url),
    new URL('readme-example.ts', import.meta.url),
    '@qcos/etcd-store',
  );
  expect(readme).toBe(file);
});

it('the README example runs against real etcd members and reads both blocks', async () => {
  expect(await example()).toEqual([1, 2]);
});
