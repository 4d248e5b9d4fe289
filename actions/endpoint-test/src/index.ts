import { run } from '@mlops-actions/action-kit';
import { definition } from './definition.ts';
import { main } from './main.ts';

await run(definition, { main });
