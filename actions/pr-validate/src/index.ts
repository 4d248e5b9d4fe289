import { run } from '@mlops-actions/action-kit';
import { main } from './main.ts';

await run({ main });
