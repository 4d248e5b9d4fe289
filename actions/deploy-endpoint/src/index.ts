import { runAction } from '@mlops-actions/action-kit';
import { main } from './main.ts';

await runAction(main);
