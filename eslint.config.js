// `npm run lint`: typescript-eslint's type-checked recommended rules on the TypeScript sources
// (types come from tsconfig.json through the project service, so lint sees what tsc sees), and
// ESLint's recommended rules on the plain-JavaScript launchers, which tsconfig.json does not cover.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Render caches, bench corpora and fidelity results are generated, not written by hand.
  globalIgnores(['.cache/', 'coverage/']),
  {
    files: ['scripts/**/*.ts', 'test/**/*.ts', '*.config.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // `const { dropped, ...rest } = object` is how the code omits a key from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
);
