// Flat config: eslint's recommended rules plus typescript-eslint's, for every TypeScript file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Who may import whom. `testkit/` holds the test and run code that tests, benchmarks and scripts
 * share; shipped code (apps, src, charts, bin) never imports it. `test/` and `bench/` import
 * testkit, never each other, and nothing outside them imports them.
 */
const importOf = (folder, message) => ({
  // Relative specifiers only ('../../test/x.js'); a package such as 'vitest' never matches.
  regex: `^(\\.\\.?/)+(.*/)?${folder}/`,
  message,
});
const TEST = importOf(
  'test',
  'test/ is imported by nothing outside it; shared code goes to testkit/.',
);
const BENCH = importOf(
  'bench',
  'bench/ is imported by nothing outside it; shared code goes to testkit/.',
);
const TESTKIT = importOf('testkit', 'shipped code must not depend on test code in testkit/.');
const boundary = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'build/**',
      'coverage/**',
      'test-results/**',
      'terraform/.terraform/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  boundary(['**/*.{ts,js,mjs}'], [TEST, BENCH], ['test/**', 'bench/**']),
  boundary(['test/**/*.{ts,js,mjs}'], [BENCH]),
  boundary(['bench/**/*.{ts,js,mjs}'], [TEST]),
  boundary(['{apps,src,charts,bin}/**/*.{ts,tsx,js,mjs}'], [TEST, BENCH, TESTKIT]),
);
