import nx from '@nx/eslint-plugin';

const boundaries = (allow) => ({
  enforceBuildableLibDependency: false,
  allow,
  depConstraints: [
    // A service may use libs and contracts, never another service.
    { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
    // The standalone composition root is the one place that wires every service module.
    {
      sourceTag: 'type:composition',
      onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:service', 'type:testing'],
    },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
    // bench/ measures libs and services through their entry points ('@andon/service-x' or its
    // '/bench' entry), never through relative paths into their folders; nothing depends on bench.
    {
      sourceTag: 'type:bench',
      onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:service', 'type:testing'],
    },
  ],
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', 'libs/contracts/src/gen/**', '.nx/**', 'tmp/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries([])],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The composition roots (standalone: the whole mesh in one process; the operator CLI)
    // are the only places allowed to import service modules. Everywhere else a service
    // import is an error ("Imports of apps are forbidden" / type:service constraints).
    files: ['services/standalone/**/*.ts', 'tools/cli/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(['@andon/service-*'])] },
  },
  {
    files: ['bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(['@andon/service-*', '@andon/service-*/bench'])],
    },
  },
  {
    // Secondary entry points: '/bench' is for bench/ only, '/cli' for tools/cli and bench/;
    // production code never imports them (test support: '/testing', kept to specs and harnesses).
    files: ['libs/**/*.ts', 'services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@andon/*/bench', '@andon/*/cli'],
              message: 'bench/cli entry points are for bench/ and tools/cli only',
            },
          ],
        },
      ],
    },
  },
];
