import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'e2e/screenshots/**', 'packages/server/migrations/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // Dependencies run one way (ARCHITECTURE.md, "Module dependency graph"); eslint-rules.test.ts proves these fail on a deep import.
  {
    files: ['packages/server/src/modules/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // `../customers/index.js` is the module's public face; `../customers/customers.schema.js` is not.
              regex: '^\\.\\./[^./][^/]*/(?!index\\.js$)',
              message: 'Import another module only through its index.ts (../<module>/index.js).',
            },
            { regex: '^(\\.\\./)+(app|server)\\.js$', message: 'A module never imports the composition root.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)modules(/|$)',
              message: 'platform/ is the ground: it never imports modules/ (inject what it needs, e.g. through the module manifest).',
            },
            { regex: '^(\\.\\./)+(app|server)\\.js$', message: 'platform/ never imports the composition root.' },
          ],
        },
      ],
    },
  },
  {
    // Tests build the whole app to exercise the platform; they still may not reach into a module.
    files: ['packages/server/src/platform/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)modules(/|$)', message: 'platform/ is the ground: it never imports modules/.' }] },
      ],
    },
  },
  {
    // The web kernel (core/) and shared components are the ground every module stands on: they never import a module or the composition root.
    files: ['packages/web/src/core/**/*.{ts,tsx}', 'packages/web/src/components/**/*.{ts,tsx}'],
    // A component's test may mount it inside a module's screen.
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.{1,2}/(\\.\\./)*(app|modules)(/|$)',
              message: 'core/ and components/ never import app/ (the composition root) or a module.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/src/modules/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // `../customers` (its index.ts) is the module's public face; `../customers/api` is not.
              regex: '^\\.\\./[^./][^/]*/(?!index$)',
              message: 'Import another web module only through its index.ts (../<module>).',
            },
            {
              regex: '^(\\.\\./)+app(/|$)',
              message:
                'A web module imports the kernel (core/), never the composition root (app/); add to another module through its slots.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
