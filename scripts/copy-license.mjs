#!/usr/bin/env node
// A package's `prepack` step: the repository's one LICENSE goes into every tarball. The copy in
// the package folder is git-ignored, so the root file stays the only source of the text.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = process.cwd();
copyFileSync(join(import.meta.dirname, '..', 'LICENSE'), join(packageDir, 'LICENSE'));
