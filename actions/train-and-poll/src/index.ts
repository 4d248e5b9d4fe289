import { runAction } from '@mlops-actions/action-kit';
import { main } from './main.ts';
import { post } from './post.ts';
import { state } from './state.ts';

// One bundle serves both steps; the main step marks the state so the post step knows it is one.
if (state.get('isPost') === 'true') {
  await runAction(post);
} else {
  state.save('isPost', 'true');
  await runAction(main);
}
