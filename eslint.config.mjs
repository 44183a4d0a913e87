// Lint of every TypeScript tree (npm run lint; run by npm test). Formatting is
// prettier's job (npm run format:check), so no stylistic rules here.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer']
    .concat(['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate'])
    .concat(['fetch', 'URL', 'AbortController', 'TextDecoder', 'TextEncoder'])
    .map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    // An `eslint-disable` comment that suppresses nothing is an error, so every one left means something.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    ignores: ['**/dist/**', 'build/**', 'node_modules/**', 'server/node_modules/**', 'docs/api/**', '**/*.d.cts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: false } },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.cjs', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.cts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.d.cts', '.cjs'] })],
    },
    rules: {
      // An import circle makes load order matter and layers blur; none allowed
      // (type-only imports are not counted: they vanish at run time).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Code is wrapped by prettier at 120; long string literals (messages, test names) stay whole.
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
      // `_name` marks a parameter kept for its position (EventHandler's methods, callbacks).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests read JSON of shapes they do not own (Janus admin replies, REST bodies).
    files: ['test/**/*.ts', 'server/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The CommonJS consumer fixture imports the package the way CommonJS TypeScript does.
    files: ['test/fixtures/module-systems/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
);
