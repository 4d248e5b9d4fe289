import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Scripts, benchmarks and the emulator CLI talk to a person on the terminal.
    files: [
      'scripts/**',
      'bench/**',
      'packages/emulator/bin/**',
      'packages/emulator/src/cli*.ts',
      'packages/github-emulator/bin/**',
    ],
    rules: { 'no-console': 'off' },
  },
);
