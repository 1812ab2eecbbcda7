#!/usr/bin/env node
// Runs the TypeScript sources directly with the Backstage CLI's Node transform.
require('@backstage/cli/config/nodeTransform.cjs');
require('../src/cli');
