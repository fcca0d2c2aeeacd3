// ESLint flat config: typescript-eslint's type-checked recommended rules, run by `npm test` (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's globals for the plain .mjs scripts (TypeScript files get theirs from @types/node). */
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'setTimeout',
    'clearTimeout',
    'performance',
    'AbortSignal',
    'TextDecoder',
    'TextEncoder',
    'structuredClone'
  ].map((name) => [name, 'readonly'])
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/schema/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', '*.js'] }, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      // The escaping and scanning code matches control, invisible and bidi characters on purpose.
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
      // Card reads are synchronous on purpose (src/card/read.ts) behind async signatures callers await.
      '@typescript-eslint/require-await': 'off'
    }
  },
  {
    files: ['__tests__/**/*.ts'],
    rules: {
      // Tests read the tool's JSON output (JSON.parse gives `any`) and assert shapes on it.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Non-null assertions on fixtures keep expectations short; a wrong one fails the test anyway.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off'
    }
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    // Keep disableTypeChecked's parser options (no project) when adding the globals.
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: NODE_GLOBALS }
  }
);
