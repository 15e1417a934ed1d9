// @ts-check
// One linter for the whole repository: `npm run lint` (CI's lint step). Formatting is prettier's
// job (`npm run format`); eslint-config-prettier, last, switches off every rule that would fight it.
//
// Not type-aware on purpose: typescript-eslint's type-checked presets build the whole TypeScript
// program a second time (measured on the 2-core machine: about 6x the CPU time of this config and
// 1.9 GB of memory), and `tsc --noEmit` already checks the types in CI.
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import prettier from 'eslint-config-prettier';
import solid from 'eslint-plugin-solid/configs/typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'test-results/', 'data/', 'bench/data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  comments.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // STYLE.md: no `any` without a comment saying why. A kept `any` carries
      // `// eslint-disable-next-line @typescript-eslint/no-explicit-any -- <why>`, and a disable
      // comment without the `-- <why>` part is itself an error.
      '@typescript-eslint/no-explicit-any': 'error',
      '@eslint-community/eslint-comments/require-description': 'error',
      // A leading underscore marks a name that is unused on purpose: a positional argument the
      // signature requires, or a property taken out of an object by a rest destructure.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    ...solid,
    languageOptions: {
      ...solid.languageOptions,
      globals: { ...globals.browser },
    },
  },
  {
    files: ['client/**/*.tsx'],
    rules: {
      // Off for components: Solid's compiler assigns `let el: HTMLElement | undefined` through
      // `ref={el}`, an assignment ESLint cannot see, so every element ref would be reported.
      'no-unassigned-vars': 'off',
    },
  },
  {
    files: ['client/public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  prettier,
);
