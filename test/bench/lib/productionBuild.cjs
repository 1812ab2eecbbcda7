// Builds packages/backend as `backstage-cli package build` does for a deployment, into the directory
// given as argument: the backend compiled by rollup, its workspace dependencies compiled to
// CommonJS, and all of them laid out as the bundle (dist/bundle.tar.gz) unpacks, each package.json
// with its publishConfig applied. The CLI's command itself cannot run in this npm workspace: it
// copies yarn.lock into the bundle. So this calls the same CLI steps, minus yarn.lock and minus the
// frontend app (built with webpack, served by app-backend, no part of what the bench measures).
// Run with the repository root as working directory: the CLI finds the workspace from it.
const path = require('node:path');

const lib = file =>
  require(path.join(
    process.cwd(),
    'node_modules/@backstage/cli-module-build/dist/lib',
    file,
  ));
const { buildPackage } = lib('builder/packager.cjs.js');
const { Output } = lib('builder/types.cjs.js');
const { createDistWorkspace } = lib('packager/createDistWorkspace.cjs.js');
const { PackageGraph } = require('@backstage/cli-node');

async function main(targetDir) {
  const backendDir = path.resolve('packages/backend');
  const workspacePackages = await PackageGraph.listTargetPackages();
  await buildPackage({
    targetDir: backendDir,
    packageJson: require(path.join(backendDir, 'package.json')),
    outputs: new Set([Output.cjs]),
    workspacePackages,
  });
  await createDistWorkspace(['backend'], {
    targetDir,
    buildDependencies: true,
    // Not loaded by the bench's backend: the frontend and the embedded simulator (disabled).
    buildExcludes: ['backend', 'app', '@kymaros/kube-simulator'],
    files: ['package.json'],
  });
}

main(path.resolve(process.argv[2])).catch(error => {
  console.error(error);
  process.exit(1);
});
