/** Who we are, for reports that name their producer (SARIF, `--version`). Kept equal to package.json by a test. */
export const TOOL = {
  name: 'model-release-gate',
  version: '1.0.0',
  informationUri: 'https://github.com/model-release-gate/model-release-gate'
} as const;
