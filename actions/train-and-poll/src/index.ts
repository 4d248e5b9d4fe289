import { run } from '@mlops-actions/action-kit';
import { main } from './main.ts';
import { post } from './post.ts';

await run({ main, post });
