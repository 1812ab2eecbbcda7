#!/usr/bin/env node
// Serves the kube-simulator's pod behaviour annotations on a real kwok cluster (test/cluster).
require('@backstage/cli/config/nodeTransform.cjs');
require('../src/podAgent/cli');
